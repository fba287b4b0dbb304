using System.Reflection;
using System.Text.Json;
using CodeInterpreter.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CodeInterpreter.Health;

/// <summary>
/// Writes the framework's report in the contract's shape: <c>{"status"}</c> for anyone (ok, unavailable or
/// draining, with 200 or 503), and <c>{status, version, languages, sandbox, …}</c> for a caller with valid
/// credentials. Wrong credentials get the anonymous answer, not a 401: a probe with a stale key still sees the status.
/// </summary>
internal static class HealthResponseWriter
{
    private static readonly string s_version =
        typeof(HealthResponseWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var authenticator = context.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        var detailed = (await authenticator.AuthenticateAsync(context.Request)).Authorized;
        var status = Status(report);
        var body = detailed ? Details(report, status) : new HealthBody { Status = status };
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthBody, context.RequestAborted);
    }

    private static string Status(HealthReport report) =>
        Detail<ExecutionsHealth>(report, HealthChecksSetup.Executions)?.Draining == true ? "draining"
        : report.Status == HealthStatus.Unhealthy ? "unavailable"
        : "ok";

    private static HealthBody Details(HealthReport report, string status)
    {
        var caches = Detail<CachesHealth>(report, HealthChecksSetup.Caches);
        return new HealthBody
        {
            Status = status,
            Version = s_version,
            Languages = Detail<LanguagesHealth>(report, HealthChecksSetup.Languages)?.Languages ?? [],
            Sandbox = Detail<SandboxHealth>(report, HealthChecksSetup.Sandbox) ?? SandboxHealth.Unknown,
            Executions = Detail<ExecutionsHealth>(report, HealthChecksSetup.Executions) ?? new ExecutionsHealth(0, 0, 0),
            Auth = Detail<AuthHealth>(report, HealthChecksSetup.Auth) ?? new AuthHealth("unknown", null),
            CompileCache = caches?.CompileCache ?? new CompileCacheHealth(0, 0, 0, 0, 0, 0),
            WarmPool = caches?.WarmPool ?? new WarmPoolHealth(0, 0, 0, 0, 0),
            Storage = Detail<StorageHealth>(report, HealthChecksSetup.Storage)
                ?? new StorageHealth("unknown", false, report.Entries.GetValueOrDefault(HealthChecksSetup.Storage).Exception?.Message),
        };
    }

    private static T? Detail<T>(HealthReport report, string name) where T : class =>
        report.Entries.TryGetValue(name, out var entry) ? HealthDetail.Of<T>(entry) : null;
}
