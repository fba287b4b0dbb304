using System.Collections.Concurrent;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.WarmPool;

/// <summary>
/// Python sandboxes started ahead of time — own uid, cgroup, tmpfs, seccomp, with numpy, pandas and matplotlib
/// already imported — each waiting for one program on stdin. A run takes one (or runs cold when none is ready)
/// and the pool refills in the background. Warm-ups run at the lowest CPU priority (the runner lowers its own nice),
/// so refilling only uses idle CPU; a sandbox taken for a run is restored to normal priority before its code starts.
/// A pool that cannot start (missing runtime, no sandbox) leaves every run cold; it never fails a request.
/// </summary>
public sealed class WarmSandboxPool(ISandbox sandbox, IOptions<WarmPoolOptions> options, IOptions<ExecutionOptions> execution,
    ILogger<WarmSandboxPool> logger) : BackgroundService
{
    private readonly ConcurrentQueue<WarmSandbox> _ready = new();
    private readonly SemaphoreSlim _wake = new(0);
    private long _hits;
    private long _misses;
    private long _failures;

    public int Target => options.Value.PythonSize;
    public int Ready => _ready.Count;
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>A warm sandbox for this run, or null (run cold): wrong language, inputs too large, or none ready.</summary>
    public WarmSandbox? TryTake(LanguageSpec language, long inputBytes)
    {
        if (Target == 0 || language.Code != "py" || inputBytes > options.Value.InputMb * 1024L * 1024L)
        {
            return null;
        }
        while (_ready.TryDequeue(out var warm))
        {
            _wake.Release();
            if (!warm.Run.HasExited)
            {
                Interlocked.Increment(ref _hits);
                return warm;
            }
            _ = warm.DisposeAsync().AsTask();
        }
        Interlocked.Increment(ref _misses);
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested && Target > 0)
        {
            while (_ready.Count < Target && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    _ready.Enqueue(await StartOneAsync(stoppingToken).ConfigureAwait(false));
                    backoff = TimeSpan.FromSeconds(1);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _failures);
                    WarmPoolLog.StartFailed(logger, e.Message);
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromSeconds(Math.Min(60, backoff.TotalSeconds * 2));
                }
            }
            await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<WarmSandbox> StartOneAsync(CancellationToken cancellationToken)
    {
        if (!sandbox.Status.Available)
        {
            throw new InvalidOperationException("the sandbox is unavailable");
        }
        var limits = ExecutionLimits.ForWarm(execution.Value, options.Value);
        var job = await sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        try
        {
            var runner = WarmRunner.Python;
            var run = await job.StartAsync(new SandboxCommand(runner.Argv, runner.Environment), cancellationToken)
                .ConfigureAwait(false);
            return new WarmSandbox(job, run, limits);
        }
        catch
        {
            await job.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        while (_ready.TryDequeue(out var warm))
        {
            await warm.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
