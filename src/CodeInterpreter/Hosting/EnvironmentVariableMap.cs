using System.Globalization;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Maps the documented flat environment variables (<c>PORT</c>, <c>CODE_API_KEY</c>, <c>CODE_DATA_DIR</c>, ...)
/// onto the options sections' keys. Section-style variables (<c>Execution__MemoryMb</c>) keep working and win over
/// the flat variable that maps to the same key.
/// </summary>
internal static class EnvironmentVariableMap
{
    public const string DefaultDataDir = "/var/lib/code-interpreter";

    private static readonly (string Variable, string Key)[] s_direct =
    [
        ("CODE_BIND_ADDRESS", "Server:BindAddress"),
        ("PORT", "Server:Port"),
        ("CODE_SHUTDOWN_TIMEOUT_SECONDS", "Server:ShutdownTimeoutSeconds"),
        ("CODE_TRUSTED_PROXIES", "Server:TrustedProxies"),
        ("CODE_MAX_CONNECTIONS", "Connections:MaxConnections"),
        ("CODE_MAX_CONNECTIONS_PER_ADDRESS", "Connections:MaxConnectionsPerAddress"),
        ("CODE_KEEPALIVE_TIMEOUT_SECONDS", "Connections:KeepAliveTimeoutSeconds"),
        ("CODE_LOG_FORMAT", "Logging:Format"),
        ("CODE_LOG_LEVEL", "Logging:LogLevel:Default"),
        ("CODE_METRICS_PUBLIC", "Metrics:Public"),
        ("CODE_PATH_PREFIX", "Api:PathPrefix"),
        ("CODE_MAX_UPLOAD_MB", "Api:MaxUploadMb"),
        ("CODE_AUTH_DISABLED", "Auth:Disabled"),
        ("CODE_JWT_PUBLIC_KEYS", "Auth:JwtPublicKeys"),
        ("CODE_JWT_PUBLIC_KEY_FILE", "Auth:JwtPublicKeyFile"),
        ("CODE_JWT_ISSUER", "Auth:JwtIssuer"),
        ("CODE_JWT_AUDIENCE", "Auth:JwtAudience"),
        ("CODE_RATE_LIMIT_EXEC_PER_MINUTE", "Limits:ExecPerUserPerMinute"),
        ("CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "Auth:FailuresPerAddressPerMinute"),
        ("CODE_REQUEST_HEADERS_TIMEOUT_SECONDS", "Limits:RequestHeadersTimeoutSeconds"),
        ("CODE_TIMEOUT_SECONDS", "Execution:DefaultTimeoutSeconds"),
        ("CODE_MAX_TIMEOUT_SECONDS", "Execution:MaxTimeoutSeconds"),
        ("CODE_MEMORY_MB", "Execution:MemoryMb"),
        ("CODE_MAX_PROCESSES", "Execution:MaxProcesses"),
        ("CODE_MAX_OUTPUT_FILES", "Execution:MaxOutputFiles"),
        ("CODE_MAX_OUTPUT_FILE_MB", "Execution:MaxOutputFileMb"),
        ("CODE_OUTPUT_LIMIT_KB", "Execution:OutputLimitKb"),
        ("CODE_QUEUE_LIMIT", "Execution:QueueLimit"),
        ("CODE_MAX_INPUT_FILES", "Execution:MaxInputFiles"),
        ("CODE_MAX_INPUT_MB", "Execution:MaxInputMb"),
        ("CODE_INPUT_BUDGET_MB", "Execution:InputBudgetMb"),
        ("CODE_ESBUILD_PATH", "Languages:EsbuildPath"),
        ("CODE_UID_BASE", "Sandbox:UidBase"),
        ("CODE_COMPILE_CACHE_MB", "Languages:CompileCacheMb"),
        ("CODE_COMPILE_TIMEOUT_SECONDS", "Languages:CompileTimeoutSeconds"),
        ("CODE_STORAGE", "Storage:Backend"),
        ("CODE_STORAGE_QUOTA_TOTAL_MB", "Storage:Quota:TotalMb"),
        ("CODE_STORAGE_MIN_FREE_MB", "Storage:Quota:MinFreeMb"),
        ("CODE_STORAGE_QUOTA_PER_USER_MB", "Storage:Quota:PerUserMb"),
        ("CODE_STORAGE_QUOTA_PER_KEY_MB", "Storage:Quota:PerKeyMb"),
        ("CODE_S3_ENDPOINT", "Storage:S3:Endpoint"),
        ("CODE_S3_BUCKET", "Storage:S3:Bucket"),
        ("CODE_S3_REGION", "Storage:S3:Region"),
        ("CODE_S3_ACCESS_KEY", "Storage:S3:AccessKey"),
        ("CODE_S3_SECRET_KEY", "Storage:S3:SecretKey"),
        ("CODE_S3_FORCE_PATH_STYLE", "Storage:S3:ForcePathStyle"),
        ("CODE_S3_KEY_PREFIX", "Storage:S3:KeyPrefix"),
        ("CODE_S3_CREATE_BUCKET", "Storage:S3:CreateBucket"),
        ("CODE_S3_MULTIPART_THRESHOLD_MB", "Storage:S3:MultipartThresholdMb"),
        ("CODE_S3_TIMEOUT_SECONDS", "Storage:S3:TimeoutSeconds"),
        ("CODE_S3_MAX_RETRIES", "Storage:S3:MaxRetries"),
        ("CODE_S3_OPERATION_TIMEOUT_SECONDS", "Storage:S3:OperationTimeoutSeconds"),
        ("CODE_RUNTIME_SESSIONS", "Workspaces:Mode"),
        ("CODE_WORKSPACE_MAX_MB", "Workspaces:MaxMb"),
        ("CODE_WORKSPACE_IDLE_HOURS", "Workspaces:IdleHours"),
        ("CODE_PTC_RESULT_WAIT_SECONDS", "Programmatic:ResultWaitSeconds"),
        ("CODE_NODE_URL", "Programmatic:NodeUrl"),
    ];

    /// <summary>Every flat variable the map reads.</summary>
    internal static IEnumerable<string> Variables =>
        s_direct.Select(d => d.Variable)
            .Concat(["CODE_SESSION_TTL_HOURS", "CODE_DATA_DIR", "CODE_API_KEYS", "CODE_API_KEY", "CODE_MAX_CONCURRENCY", "CODE_WARM_POOL_SIZE",
                "CODE_PTC_MAX_EXECUTIONS"]);

    /// <summary>The flat variable that sets a configuration key, for error messages ("Storage:SessionTtl" → CODE_SESSION_TTL_HOURS).</summary>
    internal static string? VariableFor(string key) => key switch
    {
        "Storage:SessionTtl" => "CODE_SESSION_TTL_HOURS",
        "Server:DataDir" or "Storage:Root" or "Sandbox:JobsRoot" or "Languages:CacheDir" => "CODE_DATA_DIR",
        "Execution:MaxConcurrency" or "Sandbox:UidSlots" => "CODE_MAX_CONCURRENCY",
        "Programmatic:MaxExecutions" => "CODE_PTC_MAX_EXECUTIONS",
        _ when key.StartsWith("Auth:ApiKeys", StringComparison.Ordinal) => "CODE_API_KEY",
        _ => s_direct.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase)).Variable,
    };

    public static IConfigurationBuilder AddEnvironmentVariableMap(this IConfigurationBuilder configuration) =>
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
            // Not a number of hours: passed on as it is, so startup validation names the variable instead of crashing here.
            values["Storage:SessionTtl"] = double.TryParse(ttl, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours)
                && double.IsFinite(hours) && Math.Abs(hours) < 1e6
                ? TimeSpan.FromHours(hours).ToString("c", CultureInfo.InvariantCulture)
                : ttl;
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
        // ... plus one for each warm sandbox waiting in the pool ...
        var warm = Get("CODE_WARM_POOL_SIZE") ?? "2";
        values["WarmPool:PythonSize"] = warm;
        // ... plus one for each programmatic execution that may be paused (it keeps its uid while it waits).
        var programmatic = Get("CODE_PTC_MAX_EXECUTIONS") ?? "8";
        values["Programmatic:MaxExecutions"] = programmatic;
        values["Sandbox:UidSlots"] = (int.Parse(concurrency, CultureInfo.InvariantCulture) + int.Parse(warm, CultureInfo.InvariantCulture)
            + (int.TryParse(programmatic, NumberStyles.None, CultureInfo.InvariantCulture, out var paused) ? paused : 0))
            .ToString(CultureInfo.InvariantCulture);

        // An explicit section-style variable (Sandbox__CgroupName, ...) beats what is derived here.
        foreach (var key in values.Keys.Where(k => environment(k.Replace(":", "__", StringComparison.Ordinal)) is not null).ToList())
        {
            values.Remove(key);
        }
        return values;
    }
}
