using CodeInterpreter.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Execution.WarmPool;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Health;

/// <summary>
/// One framework health check per component. Each puts its details into <c>Data["detail"]</c> for
/// <see cref="HealthResponseWriter"/>; only the sandbox, the store and a drain make the service unhealthy.
/// </summary>
internal static class HealthDetail
{
    public const string Key = "detail";

    public static HealthCheckResult Result(bool healthy, object detail, string? description = null) =>
        new(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, description, data: new Dictionary<string, object> { [Key] = detail });

    public static T? Of<T>(HealthReportEntry entry) where T : class => entry.Data.TryGetValue(Key, out var value) ? value as T : null;
}

/// <summary>The sandbox can run code: bubblewrap, cgroups, seccomp and uid slots were set up at start.</summary>
internal sealed class SandboxHealthCheck(ISandbox sandbox) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = sandbox.Status;
        return Task.FromResult(HealthDetail.Result(s.Available,
            new SandboxHealth(s.Available, s.CgroupVersion, s.BwrapVersion, s.Seccomp, s.UidSlots, s.Problems)));
    }
}

/// <summary>The file store answers (an S3 store is probed at most every 2 s).</summary>
internal sealed class StorageHealthCheck(IFileStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = await store.CheckAsync(cancellationToken).ConfigureAwait(false);
        return HealthDetail.Result(s.Available, new StorageHealth(s.Backend, s.Available, s.Problem), s.Problem);
    }
}

/// <summary>Each language's toolchain and version; a missing toolchain refuses that language only.</summary>
internal sealed class LanguagesHealthCheck(RuntimeProbe runtimes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = await runtimes.GetAllAsync().ConfigureAwait(false);
        var languages = all.ToDictionary(l => l.Key, l => new LanguageHealth(l.Value.Available, l.Value.Version));
        return HealthDetail.Result(healthy: true, new LanguagesHealth(languages));
    }
}

/// <summary>Admission: running and queued executions; unhealthy while draining, so balancers take the node out.</summary>
internal sealed class ExecutionsHealthCheck(ExecutionGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthDetail.Result(!gate.IsDraining,
            new ExecutionsHealth(gate.Running, gate.Waiting, gate.Capacity) { Draining = gate.IsDraining },
            gate.IsDraining ? "draining" : null));
}

/// <summary>The warm pool and the compile cache: counters only, never a reason to take the node out.</summary>
internal sealed class CachesHealthCheck(WarmSandboxPool pool, CompileCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var c = cache.Stats;
        return Task.FromResult(HealthDetail.Result(healthy: true, new CachesHealth(
            new WarmPoolHealth(pool.Target, pool.Ready, pool.Hits, pool.Misses, pool.Failures),
            new CompileCacheHealth(c.Hits, c.Misses, c.Compiles, c.Entries, c.Bytes, c.CapacityBytes))));
    }
}

/// <summary>How callers authenticate, with a warning when the configuration is unsafe; never unhealthy.</summary>
internal sealed class AuthHealthCheck(IOptions<AuthOptions> auth) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthDetail.Result(healthy: true, AuthHealth.From(auth.Value)));
}
