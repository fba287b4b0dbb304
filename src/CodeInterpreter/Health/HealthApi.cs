using System.Reflection;
using System.Text.Json.Serialization;
using CodeInterpreter.Api.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Health;

/// <summary>GET /health (no auth): 200 when the sandbox can run code, 503 when it cannot.</summary>
internal static class HealthApi
{
    private static readonly string s_version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static WebApplication MapHealthApi(this WebApplication app, string prefix)
    {
        foreach (var root in prefix is "" or "/" ? [""] : new[] { "", prefix })
        {
            app.MapGet($"{root}/health", GetAsync);
        }
        return app;
    }

    private static async Task<IResult> GetAsync(ISandbox sandbox, RuntimeProbe runtimes, ExecutionGate gate, CompileCache cache,
        Execution.WarmPool.WarmSandboxPool pool, IFileStore store,
        IOptions<AuthOptions> auth, CancellationToken cancellationToken)
    {
        var compiles = cache.Stats;
        var status = sandbox.Status;
        var languages = (await runtimes.GetAllAsync()).ToDictionary(l => l.Key, l => new LanguageHealth(l.Value.Available, l.Value.Version));
        // Draining (shutting down): load balancers and healthchecks take the instance out while runs finish.
        var storage = await store.CheckAsync(cancellationToken);
        var serving = status.Available && storage.Available && !gate.IsDraining;
        var report = new HealthReport
        {
            Status = gate.IsDraining ? "draining" : status.Available && storage.Available ? "ok" : "unavailable",
            Version = s_version,
            Languages = languages,
            Sandbox = new SandboxHealth(status.Available, status.CgroupVersion, status.BwrapVersion, status.Seccomp, status.UidSlots, status.Problems),
            Executions = new ExecutionsHealth(gate.Running, gate.Waiting, gate.Capacity),
            Auth = AuthHealth.From(auth.Value),
            CompileCache = new CompileCacheHealth(compiles.Hits, compiles.Misses, compiles.Compiles, compiles.Entries, compiles.Bytes, compiles.CapacityBytes),
            WarmPool = new WarmPoolHealth(pool.Target, pool.Ready, pool.Hits, pool.Misses, pool.Failures),
            Storage = new StorageHealth(storage.Backend, storage.Available, storage.Problem),
        };
        return TypedResults.Json(report, HealthJsonContext.Default.HealthReport,
            statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

internal sealed record HealthReport
{
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("languages")] public required Dictionary<string, LanguageHealth> Languages { get; init; }
    [JsonPropertyName("sandbox")] public required SandboxHealth Sandbox { get; init; }
    [JsonPropertyName("executions")] public required ExecutionsHealth Executions { get; init; }
    [JsonPropertyName("auth")] public required AuthHealth Auth { get; init; }
    [JsonPropertyName("compile_cache")] public required CompileCacheHealth CompileCache { get; init; }
    [JsonPropertyName("warm_pool")] public required WarmPoolHealth WarmPool { get; init; }
    [JsonPropertyName("storage")] public required StorageHealth Storage { get; init; }
}

/// <summary>The file store: which one, and whether it can be used now (an S3 store is probed at most every 2 s).</summary>
internal sealed record StorageHealth(
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("problem")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem);

/// <summary>The Python warm pool: target size, ready now, runs served warm and cold, warm-ups that failed.</summary>
internal sealed record WarmPoolHealth(
    [property: JsonPropertyName("py_target")] int Target,
    [property: JsonPropertyName("py_ready")] int Ready,
    [property: JsonPropertyName("hits")] long Hits,
    [property: JsonPropertyName("misses")] long Misses,
    [property: JsonPropertyName("failures")] long Failures);

internal sealed record CompileCacheHealth(
    [property: JsonPropertyName("hits")] long Hits,
    [property: JsonPropertyName("misses")] long Misses,
    [property: JsonPropertyName("compiles")] long Compiles,
    [property: JsonPropertyName("entries")] int Entries,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("capacity_bytes")] long CapacityBytes);

internal sealed record LanguageHealth([property: JsonPropertyName("available")] bool Available, [property: JsonPropertyName("version")] string Version);

internal sealed record SandboxHealth(
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("cgroup")] string Cgroup,
    [property: JsonPropertyName("bubblewrap")] string? Bubblewrap,
    [property: JsonPropertyName("seccomp")] bool Seccomp,
    [property: JsonPropertyName("uid_slots")] int UidSlots,
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems);

internal sealed record ExecutionsHealth(
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("capacity")] int Capacity);

internal sealed record AuthHealth(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("warning")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning)
{
    public static AuthHealth From(AuthOptions options) => options switch
    {
        { Disabled: true } => new("disabled", "Authentication is disabled (CODE_AUTH_DISABLED): anyone who reaches this port can run code"),
        { UsesDefaultKey: true } => new("api-key", "The default API key 'default-api-key' is in use: set CODE_API_KEY"),
        _ => new("api-key", null),
    };
}

[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
