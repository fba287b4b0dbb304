using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Fakes;

/// <summary>Hands out prepared <see cref="DirectoryJob"/>s and remembers the limits it was asked for.</summary>
internal sealed class FakeSandbox(Func<DirectoryJob> jobs) : ISandbox
{
    public List<SandboxLimits> Limits { get; } = [];
    public DirectoryJob? LastJob { get; private set; }

    public SandboxStatus Status { get; } = new(true, "fake", "fake", true, 1, []);

    public Task<ISandboxJob> CreateJobAsync(SandboxLimits limits, CancellationToken cancellationToken)
    {
        Limits.Add(limits);
        LastJob = jobs();
        return Task.FromResult<ISandboxJob>(LastJob);
    }
}
