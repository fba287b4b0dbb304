using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution.Compilation;

/// <summary>
/// The compile cache's single flight with fake compiles: requests share a compile, the compile is cancelled when the
/// last of them leaves (and only then), a later request compiles afresh, and kills at a limit are remembered.
/// </summary>
public sealed class CompileCacheTests : IDisposable
{
    private static readonly string s_key = new('a', 64);
    private readonly string _dir = Directory.CreateTempSubdirectory("ci-compile-cache-").FullName;

    private CompileCache Create(int timeoutSeconds = 10, int memoryMb = 256) =>
        new(Options.Create(new LanguageOptions { CacheDir = _dir, CompileTimeoutSeconds = timeoutSeconds, CompileMemoryMb = memoryMb }),
            TimeProvider.System, NullLogger<CompileCache>.Instance);

    [Fact]
    public async Task TwoWaiters_ShareOneCompile_AndOneLeavingDoesNotCancelIt()
    {
        var cache = Create();
        var compile = new BlockingCompile();
        using var firstGone = new CancellationTokenSource();
        var first = cache.GetOrCompileAsync(s_key, compile.RunAsync, firstGone.Token);
        var second = cache.GetOrCompileAsync(s_key, compile.RunAsync, default);
        await compile.Started.Task;

        await firstGone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(compile.Token.IsCancellationRequested);

        compile.Finish(null);
        using var result = await second;
        Assert.NotNull(result.ArtifactDir);
        Assert.Equal(1, compile.Calls);
        Assert.Equal(0, cache.InFlight);
    }

    [Fact]
    public async Task LastWaiterLeaving_CancelsTheCompile_AndWaitsForItsTeardown()
    {
        var cache = Create();
        var compile = new BlockingCompile { TeardownDelay = TimeSpan.FromMilliseconds(200) };
        using var gone = new CancellationTokenSource();
        var waiter = cache.GetOrCompileAsync(s_key, compile.RunAsync, gone.Token);
        await compile.Started.Task;

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);

        Assert.True(compile.Token.IsCancellationRequested);
        Assert.True(compile.TornDown, "the waiter returned before the compile's sandbox was gone");
        Assert.Equal(0, cache.InFlight);
        Assert.Equal(0, cache.Stats.Entries);
    }

    [Fact]
    public async Task AWaiterArrivingAfterTheCancel_StartsAFreshCompile()
    {
        var cache = Create();
        var abandoned = new BlockingCompile();
        using var gone = new CancellationTokenSource();
        var waiter = cache.GetOrCompileAsync(s_key, abandoned.RunAsync, gone.Token);
        await abandoned.Started.Task;
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);

        var fresh = new BlockingCompile();
        var later = cache.GetOrCompileAsync(s_key, fresh.RunAsync, default);
        await fresh.Started.Task;
        fresh.Finish(null);
        using var result = await later;

        Assert.NotNull(result.ArtifactDir);
        Assert.Equal((1, 1), (abandoned.Calls, fresh.Calls));
    }

    [Fact]
    public async Task CompileTimeout_IsRememberedWithItsMessage_AndTheSecondRequestCompilesNothing()
    {
        var cache = Create(timeoutSeconds: 10);
        var timedOut = new SandboxResult
        {
            ExitCode = null, Signal = "SIGKILL", TimedOut = true, Stdout = [], Stderr = "cc1plus: still thinking\n"u8.ToArray(), Output = [],
            WallTime = TimeSpan.FromSeconds(10.02),
        };
        var compile = new BlockingCompile();
        compile.Finish(timedOut);

        using var first = await cache.GetOrCompileAsync(s_key, compile.RunAsync, default);
        using var second = await cache.GetOrCompileAsync(s_key, compile.RunAsync, default);

        Assert.Equal(1, compile.Calls);
        Assert.True(second.FromCache);
        Assert.True(second.Failure!.TimedOut);
        Assert.Equal("SIGKILL", second.Failure.Signal);
        Assert.Equal(timedOut.Stderr, second.Failure.Stderr);
        Assert.Equal(first.Failure!.WallTime.TotalSeconds, second.Failure.WallTime.TotalSeconds, 2);
        Assert.Equal((1, 1), (cache.Stats.Hits, cache.Stats.Misses));
    }

    [Fact]
    public async Task RememberedTimeout_IsForgottenWhenTheLimitIsRaised()
    {
        var timedOut = new SandboxResult { ExitCode = null, TimedOut = true, Stdout = [], Stderr = [], Output = [] };
        var compile = new BlockingCompile();
        compile.Finish(timedOut);
        (await Create(timeoutSeconds: 10).GetOrCompileAsync(s_key, compile.RunAsync, default)).Dispose();

        var raised = Create(timeoutSeconds: 30);
        using var again = await raised.GetOrCompileAsync(s_key, compile.RunAsync, default);

        Assert.Equal(2, compile.Calls);
        Assert.False(again.FromCache);
    }

    [Fact]
    public async Task CancelledCompile_IsNotRemembered()
    {
        var cache = Create();
        var compile = new BlockingCompile();
        compile.Finish(new SandboxResult { ExitCode = null, Cancelled = true, Stdout = [], Stderr = [], Output = [] });

        (await cache.GetOrCompileAsync(s_key, compile.RunAsync, default)).Dispose();
        (await cache.GetOrCompileAsync(s_key, compile.RunAsync, default)).Dispose();

        Assert.Equal(2, compile.Calls);
        Assert.Equal(0, cache.Stats.Entries);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A compile that runs until told how it ended, or until cancelled (then it "tears down" for a while).</summary>
    private sealed class BlockingCompile
    {
        private readonly TaskCompletionSource<SandboxResult?> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TimeSpan TeardownDelay { get; init; }
        public CancellationToken Token { get; private set; }
        public bool TornDown { get; private set; }
        public int Calls => Volatile.Read(ref _calls);

        public void Finish(SandboxResult? failure) => _end.TrySetResult(failure);

        public async Task<SandboxResult?> RunAsync(string artifactDir, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Token = cancellationToken;
            Started.TrySetResult();
            try
            {
                var failure = await _end.Task.WaitAsync(cancellationToken);
                if (failure is null)
                {
                    await File.WriteAllTextAsync(Path.Combine(artifactDir, "main"), "binary", CancellationToken.None);
                }
                return failure;
            }
            catch (OperationCanceledException)
            {
                await Task.Delay(TeardownDelay, CancellationToken.None);
                TornDown = true;
                throw;
            }
        }
    }
}
