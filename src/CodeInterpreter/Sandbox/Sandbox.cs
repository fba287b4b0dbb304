using CodeInterpreter.Sandbox.WorkDir;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Sandbox;

/// <summary>
/// The sandbox of this host. Preparation (crash recovery, JobsRoot, cgroups, seccomp) runs once, at startup via
/// <see cref="SandboxStartup"/> or on first use; <see cref="Status"/> is its outcome.
/// </summary>
internal sealed class Sandbox : ISandbox, IDisposable
{
    private readonly Lazy<SandboxEnvironment> _env;
    private readonly UidPool _uids;
    private readonly ILogger _logger;

    public Sandbox(IOptions<SandboxOptions> options, ILogger<Sandbox> logger, TimeProvider time)
    {
        var value = options.Value;
        _logger = logger;
        _uids = new UidPool(value.UidBase, value.UidSlots);
        _env = new Lazy<SandboxEnvironment>(() => new SandboxPreparation(value, time, logger).Run());
    }

    public SandboxStatus Status => _env.Value.Status;

    /// <summary>Runs startup preparation now (idempotent) and returns the status.</summary>
    public SandboxStatus Prepare() => Status;

    public async Task<ISandboxJob> CreateJobAsync(SandboxLimits limits, CancellationToken cancellationToken)
    {
        var env = _env.Value;
        if (!env.Status.Available)
        {
            throw new InvalidOperationException($"The sandbox is unavailable: {string.Join("; ", env.Status.Problems)}");
        }
        var uid = await _uids.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dir = JobDirectory.Create(env.Options.JobsRoot, uid, limits);
            SandboxLog.JobCreated(_logger, dir.Name, uid);
            return new SandboxJob(env, _uids, uid, dir, limits);
        }
        catch
        {
            _uids.Release(uid);
            throw;
        }
    }

    public void Dispose()
    {
        if (_env.IsValueCreated)
        {
            _env.Value.Cgroups?.TryRemoveParents();
        }
        _uids.Dispose();
    }
}
