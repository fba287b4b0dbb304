
namespace CodeInterpreter.Sandbox;

/// <summary>Prepares the sandbox when the host starts, so the first request does not pay for it and /health is accurate.</summary>
internal sealed class SandboxStartup(Sandbox sandbox, ILogger<SandboxStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var status = sandbox.Prepare();
        if (status.Available)
        {
            SandboxLog.Ready(logger, status.CgroupVersion, status.BwrapVersion, status.Seccomp, status.UidSlots);
            foreach (var problem in status.Problems)
            {
                SandboxLog.Degraded(logger, problem);
            }
        }
        else
        {
            SandboxLog.Unavailable(logger, string.Join("; ", status.Problems));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
