using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.WarmPool;

/// <summary>A started sandbox whose runtime waits for code on stdin; used once, then destroyed.</summary>
public sealed class WarmSandbox(ISandboxJob job, IPendingRun run, SandboxLimits limits) : IAsyncDisposable
{
    public ISandboxJob Job { get; } = job;
    public IPendingRun Run { get; } = run;
    /// <summary>The limits the sandbox was made with (memory includes the preload allowance).</summary>
    public SandboxLimits Limits { get; } = limits;

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync().ConfigureAwait(false);
        await Job.DisposeAsync().ConfigureAwait(false);
    }
}
