namespace CodeInterpreter.Execution;

/// <summary>Background work that touches the store waits for the host to start: the store's startup check comes first.</summary>
internal static class HostStart
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
