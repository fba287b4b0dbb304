using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CodeInterpreter.Health;

/// <summary>Writes the framework's report in the contract's shape: <c>{status, version, languages, sandbox, …}</c>.</summary>
internal static class HealthResponseWriter
{
    private static readonly string s_version =
        typeof(HealthResponseWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var executions = Detail<ExecutionsHealth>(report, HealthChecksSetup.Executions);
        var caches = Detail<CachesHealth>(report, HealthChecksSetup.Caches);
        var body = new HealthBody
        {
            Status = executions?.Draining == true ? "draining" : report.Status == HealthStatus.Unhealthy ? "unavailable" : "ok",
            Version = s_version,
            Languages = Detail<LanguagesHealth>(report, HealthChecksSetup.Languages)?.Languages ?? [],
            Sandbox = Detail<SandboxHealth>(report, HealthChecksSetup.Sandbox) ?? SandboxHealth.Unknown,
            Executions = executions ?? new ExecutionsHealth(0, 0, 0),
            Auth = Detail<AuthHealth>(report, HealthChecksSetup.Auth) ?? new AuthHealth("unknown", null),
            CompileCache = caches?.CompileCache ?? new CompileCacheHealth(0, 0, 0, 0, 0, 0),
            WarmPool = caches?.WarmPool ?? new WarmPoolHealth(0, 0, 0, 0, 0),
            Storage = Detail<StorageHealth>(report, HealthChecksSetup.Storage)
                ?? new StorageHealth("unknown", false, report.Entries.GetValueOrDefault(HealthChecksSetup.Storage).Exception?.Message),
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthBody, context.RequestAborted);
    }

    private static T? Detail<T>(HealthReport report, string name) where T : class =>
        report.Entries.TryGetValue(name, out var entry) ? HealthDetail.Of<T>(entry) : null;
}
