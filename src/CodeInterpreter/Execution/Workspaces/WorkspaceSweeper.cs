using CodeInterpreter.Storage;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// Deletes workspaces unused for longer than the idle TTL, and leases their holders left behind. Every node sweeps;
/// deletes are idempotent, so two sweeps at once only repeat each other.
/// </summary>
internal sealed class WorkspaceSweeper(IStateStore store, Workspaces workspaces, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<WorkspaceSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(s_interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StorageUnavailableException or IOException)
            {
                WorkspacesLog.SweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var entry in await store.ListStateAsync("workspaces", cancellationToken).ConfigureAwait(false))
        {
            var limit = entry.Key.EndsWith(".lease", StringComparison.Ordinal) ? WorkspaceLease.Ttl * 10 : workspaces.IdleTtl;
            if (now - entry.LastModified > limit && await store.DeleteStateAsync(entry.Key, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }
        if (removed > 0)
        {
            WorkspacesLog.Swept(logger, removed);
        }
        return removed;
    }
}
