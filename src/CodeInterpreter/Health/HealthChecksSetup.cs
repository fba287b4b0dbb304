using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CodeInterpreter.Health;

/// <summary>Registers the checks and maps the framework's health endpoint at /health (and under the API prefix).</summary>
public static class HealthChecksSetup
{
    internal const string Sandbox = "sandbox";
    internal const string Storage = "storage";
    internal const string Languages = "languages";
    internal const string Executions = "executions";
    internal const string Caches = "caches";
    internal const string Auth = "auth";

    public static IServiceCollection AddServiceHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SandboxHealthCheck>(Sandbox)
            .AddCheck<StorageHealthCheck>(Storage)
            .AddCheck<LanguagesHealthCheck>(Languages)
            .AddCheck<ExecutionsHealthCheck>(Executions)
            .AddCheck<CachesHealthCheck>(Caches)
            .AddCheck<AuthHealthCheck>(Auth);
        return services;
    }

    /// <summary>
    /// No key needed for the status: 200 when the sandbox can run code and the store answers, else 503; the details
    /// only with valid credentials (<see cref="HealthResponseWriter"/>).
    /// </summary>
    public static WebApplication MapServiceHealth(this WebApplication app, string prefix)
    {
        var options = new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        };
        foreach (var root in prefix is "" or "/" ? [""] : new[] { "", prefix })
        {
            // The framework maps every method; the contract has GET (and HEAD, which ASP.NET answers with GET).
            app.MapHealthChecks($"{root}/health", options).WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        }
        return app;
    }
}
