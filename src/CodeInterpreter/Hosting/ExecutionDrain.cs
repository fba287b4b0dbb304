using CodeInterpreter.Execution;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Graceful shutdown (SIGTERM, Ctrl+C, <c>docker stop</c>, <c>systemctl stop</c>). It runs before any service stops,
/// while Kestrel still listens: new executions get 503 <c>{"error":"Shutting down"}</c> and /health says "draining";
/// running ones get <see cref="ServerOptions.ShutdownTimeoutSeconds"/> to finish; whatever still runs then is killed
/// through its cgroup and its tmpfs, cgroups and job dir are removed before the process exits. Downloads and file
/// routes keep working until the end, so LibreChat can still fetch the files of a run that just finished.
/// </summary>
internal sealed partial class ExecutionDrain(
    ExecutionGate gate, IOptions<ServerOptions> options, TimeProvider time, ILogger<ExecutionDrain> logger) : IHostedLifecycleService
{
    /// <summary>How long killed runs get to report back and clean up.</summary>
    internal static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(10);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var deadline = TimeSpan.FromSeconds(options.Value.ShutdownTimeoutSeconds);
        gate.BeginDrain();
        Draining(logger, gate.Running, deadline.TotalSeconds);
        try
        {
            if (await gate.WaitIdleAsync(deadline, time, cancellationToken))
            {
                Drained(logger);
                return;
            }
            Aborting(logger, gate.Running);
            gate.Abort();
            if (await gate.WaitIdleAsync(CleanupGrace, time, cancellationToken))
            {
                Drained(logger);
                return;
            }
            NotDrained(logger, gate.Running);
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout passed: it stops the rest now; the next start recovers leftovers.
            gate.Abort();
            NotDrained(logger, gate.Running);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6200, Level = LogLevel.Information,
        Message = "Shutting down: admitting no new executions, waiting up to {DeadlineSeconds} s for {Running} running")]
    private static partial void Draining(ILogger logger, int running, double deadlineSeconds);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Shutdown deadline passed: killing {Running} running executions")]
    private static partial void Aborting(ILogger logger, int running);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "No execution is running; sandboxes cleaned up")]
    private static partial void Drained(ILogger logger);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Error,
        Message = "{Running} executions did not end in time; their leftovers are removed at the next start")]
    private static partial void NotDrained(ILogger logger, int running);
}
