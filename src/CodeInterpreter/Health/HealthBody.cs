using System.Text.Json.Serialization;
using CodeInterpreter.Auth;

namespace CodeInterpreter.Health;

/// <summary>
/// The contract's /health reply, assembled by <see cref="HealthResponseWriter"/> from the checks' results. Without
/// valid credentials only <see cref="Status"/> is sent: versions, counts and cache hits tell an attacker which
/// toolchain holes to try and how busy the service is. With a valid key every field is there.
/// </summary>
internal sealed record HealthBody
{
    private const JsonIgnoreCondition Omitted = JsonIgnoreCondition.WhenWritingNull;

    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("version")] [JsonIgnore(Condition = Omitted)] public string? Version { get; init; }
    [JsonPropertyName("languages")] [JsonIgnore(Condition = Omitted)] public Dictionary<string, LanguageHealth>? Languages { get; init; }
    [JsonPropertyName("sandbox")] [JsonIgnore(Condition = Omitted)] public SandboxHealth? Sandbox { get; init; }
    [JsonPropertyName("executions")] [JsonIgnore(Condition = Omitted)] public ExecutionsHealth? Executions { get; init; }
    [JsonPropertyName("auth")] [JsonIgnore(Condition = Omitted)] public AuthHealth? Auth { get; init; }
    [JsonPropertyName("compile_cache")] [JsonIgnore(Condition = Omitted)] public CompileCacheHealth? CompileCache { get; init; }
    [JsonPropertyName("warm_pool")] [JsonIgnore(Condition = Omitted)] public WarmPoolHealth? WarmPool { get; init; }
    [JsonPropertyName("storage")] [JsonIgnore(Condition = Omitted)] public StorageHealth? Storage { get; init; }
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
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems)
{
    public static SandboxHealth Unknown { get; } = new(false, "unknown", null, false, 0, ["the sandbox check did not report"]);
}

internal sealed record ExecutionsHealth(
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("capacity")] int Capacity)
{
    /// <summary>Shown as the top-level status "draining", not as a field of its own.</summary>
    [JsonIgnore] public bool Draining { get; init; }
}

internal sealed record LanguagesHealth(Dictionary<string, LanguageHealth> Languages);

internal sealed record CachesHealth(WarmPoolHealth WarmPool, CompileCacheHealth CompileCache);

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

[JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
