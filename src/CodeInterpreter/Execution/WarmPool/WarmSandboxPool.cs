using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.WarmPool;

/// <summary>
/// Python sandboxes started ahead of time — own uid, cgroup, tmpfs, seccomp, with numpy, pandas and matplotlib
/// already imported — each waiting for one program on stdin. A run takes one (or runs cold when none is ready)
/// and the pool refills in the background: a warm-up starts only when no run is running or queued, and runs at the
/// lowest CPU priority (the runner lowers its own nice), so refilling takes nothing from runs under load; a sandbox is
/// handed over only once fully warm (its runner has stopped itself), and at normal priority.
/// A pool that cannot start (missing runtime, no sandbox) leaves every run cold; it never fails a request.
/// </summary>
public sealed class WarmSandboxPool(ISandbox sandbox, ExecutionGate gate, IOptions<WarmPoolOptions> options,
    IOptions<ExecutionOptions> execution, ILogger<WarmSandboxPool> logger) : BackgroundService
{
    /// <summary>Started sandboxes, oldest first (warming up or ready); guarded by locking it.</summary>
    private readonly List<WarmSandbox> _ready = [];
    /// <summary>The pool keeps Python sandboxes; a language with another runner (or none) always runs cold.</summary>
    private static readonly WarmRunner s_runner = WarmRunner.Python;
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(50);
    private readonly SemaphoreSlim _wake = new(0);
    private long _hits;
    private long _misses;
    private long _failures;

    public int Target => options.Value.PythonSize;
    public int Ready
    {
        get
        {
            lock (_ready)
            {
                return _ready.Count(w => w.Run.IsReady);
            }
        }
    }

    private int Started
    {
        get
        {
            lock (_ready)
            {
                return _ready.Count;
            }
        }
    }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// A fully warmed sandbox for this run, or null (run cold): wrong language, inputs too large, or none ready.
    /// One still importing is left to finish: handing it over would put the rest of its warm-up on the run's clock.
    /// </summary>
    public WarmSandbox? TryTake(LanguageSpec language, long inputBytes)
    {
        if (Target == 0 || language.Warm != s_runner || inputBytes > options.Value.InputMb * 1024L * 1024L)
        {
            return null;
        }
        lock (_ready)
        {
            foreach (var warm in _ready.ToList())
            {
                if (warm.Run.HasExited)
                {
                    _ready.Remove(warm);
                    _wake.Release();
                    _ = warm.DisposeAsync().AsTask();
                }
                else if (warm.Run.IsReady)
                {
                    _ready.Remove(warm);
                    _wake.Release();
                    Interlocked.Increment(ref _hits);
                    return warm;
                }
            }
        }
        Interlocked.Increment(ref _misses);
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested && Target > 0)
        {
            while (Started < Target && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // A warm-up costs ~0.5 s of CPU: only between runs, never taking CPU from runs waiting or running.
                    while (gate.Running > 0 || gate.Waiting > 0)
                    {
                        await Task.Delay(s_idlePoll, stoppingToken).ConfigureAwait(false);
                    }
                    var warm = await StartOneAsync(stoppingToken).ConfigureAwait(false);
                    lock (_ready)
                    {
                        _ready.Add(warm);
                    }
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
            var run = await job.StartAsync(new SandboxCommand(s_runner.Argv, s_runner.Environment), cancellationToken)
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
        List<WarmSandbox> left;
        lock (_ready)
        {
            left = [.. _ready];
            _ready.Clear();
        }
        foreach (var warm in left)
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
