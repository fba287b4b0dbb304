using System.Globalization;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Maps the documented flat environment variables (<c>PORT</c>, <c>CODE_API_KEY</c>, <c>CODE_DATA_DIR</c>, ...)
/// onto the options sections. Section-style variables (<c>Execution__MemoryMb</c>) keep working and take
/// precedence only where no flat variable is set.
/// </summary>
internal static class SeedEnvironment
{
    public const string DefaultDataDir = "/var/lib/code-interpreter";

    private static readonly (string Variable, string Key)[] s_direct =
    [
        ("CODE_BIND_ADDRESS", "Server:BindAddress"),
        ("PORT", "Server:Port"),
        ("CODE_PATH_PREFIX", "Api:PathPrefix"),
        ("CODE_MAX_UPLOAD_MB", "Api:MaxUploadMb"),
        ("CODE_AUTH_DISABLED", "Auth:Disabled"),
        ("CODE_JWT_PUBLIC_KEYS", "Auth:JwtPublicKeys"),
        ("CODE_JWT_PUBLIC_KEY_FILE", "Auth:JwtPublicKeyFile"),
        ("CODE_JWT_ISSUER", "Auth:JwtIssuer"),
        ("CODE_JWT_AUDIENCE", "Auth:JwtAudience"),
        ("CODE_RATE_LIMIT_EXEC_PER_MINUTE", "Limits:ExecPerUserPerMinute"),
        ("CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "Limits:AuthFailuresPerAddressPerMinute"),
        ("CODE_REQUEST_HEADERS_TIMEOUT_SECONDS", "Limits:RequestHeadersTimeoutSeconds"),
        ("CODE_TIMEOUT_SECONDS", "Execution:DefaultTimeoutSeconds"),
        ("CODE_MAX_TIMEOUT_SECONDS", "Execution:MaxTimeoutSeconds"),
        ("CODE_MEMORY_MB", "Execution:MemoryMb"),
        ("CODE_MAX_PROCESSES", "Execution:MaxProcesses"),
        ("CODE_MAX_OUTPUT_FILES", "Execution:MaxOutputFiles"),
        ("CODE_MAX_OUTPUT_FILE_MB", "Execution:MaxOutputFileMb"),
        ("CODE_OUTPUT_LIMIT_KB", "Execution:OutputLimitKb"),
        ("CODE_QUEUE_LIMIT", "Execution:QueueLimit"),
        ("CODE_ESBUILD_PATH", "Languages:EsbuildPath"),
        ("CODE_UID_BASE", "Sandbox:UidBase"),
        ("CODE_COMPILE_CACHE_MB", "Languages:CompileCacheMb"),
        ("CODE_COMPILE_TIMEOUT_SECONDS", "Languages:CompileTimeoutSeconds"),
    ];

    public static IConfigurationBuilder AddSeedEnvironment(this IConfigurationBuilder configuration) =>
        configuration.AddInMemoryCollection(Map(Environment.GetEnvironmentVariable));

    /// <summary>The configuration keys and values that the flat variables stand for.</summary>
    internal static Dictionary<string, string?> Map(Func<string, string?> environment)
    {
        string? Get(string variable) => environment(variable) is { Length: > 0 } value ? value : null;
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in s_direct)
        {
            if (Get(variable) is { } value)
            {
                values[key] = value;
            }
        }

        if (Get("CODE_SESSION_TTL_HOURS") is { } ttl)
        {
            values["Storage:SessionTtl"] = TimeSpan.FromHours(double.Parse(ttl, CultureInfo.InvariantCulture)).ToString("c", CultureInfo.InvariantCulture);
        }

        var dataDir = Get("CODE_DATA_DIR") ?? DefaultDataDir;
        values["Server:DataDir"] = dataDir;
        values["Storage:Root"] = Path.Combine(dataDir, "files");
        values["Sandbox:JobsRoot"] = Path.Combine(dataDir, "jobs");
        // Startup recovery removes leftover job cgroups under this name: an instance must only ever see its own.
        values["Sandbox:CgroupName"] = "code-interpreter-" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..10];
        values["Languages:CacheDir"] = Path.Combine(dataDir, "cache");

        // Several keys (rotation, one per LibreChat instance): CODE_API_KEYS=a,b; CODE_API_KEY adds one more.
        var keys = (Get("CODE_API_KEYS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(Get("CODE_API_KEY") is { } single ? [single.Trim()] : [])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            values[$"Auth:ApiKeys:{i}"] = keys[i];
        }

        // One sandbox uid per concurrent execution.
        var concurrency = Get("CODE_MAX_CONCURRENCY") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        values["Execution:MaxConcurrency"] = concurrency;
        values["Sandbox:UidSlots"] = concurrency;

        // An explicit section-style variable (Sandbox__CgroupName, ...) beats what is derived here.
        foreach (var key in values.Keys.Where(k => environment(k.Replace(":", "__", StringComparison.Ordinal)) is not null).ToList())
        {
            values.Remove(key);
        }
        return values;
    }
}
