using CodeInterpreter.Auth;
using Microsoft.Extensions.Options;
using Prometheus;

namespace CodeInterpreter.Metrics;

/// <summary>GET /metrics: Prometheus text format (0.0.4) of this instance's registry.</summary>
internal static class MetricsApi
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration("Metrics");
        services.AddMetrics();
        // One registry per host (not prometheus-net's static default), so tests can run several hosts in one process.
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<MeterBridge>();
        services.AddSingleton<StateGauges>();
        return services;
    }

    /// <summary>Request counts and latency by route (prometheus-net's middleware), then the /metrics route.</summary>
    public static WebApplication MapServiceMetrics(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        // Created now, so nothing measured from the first request on is missed.
        app.Services.GetRequiredService<MeterBridge>();
        app.Services.GetRequiredService<StateGauges>();
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));
        var route = app.MapGet("/metrics", WriteAsync).ExcludeFromDescription();
        if (!app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Public)
        {
            route.AddEndpointFilter<ApiKeyFilter>();
        }
        return app;
    }

    private static async Task WriteAsync(HttpResponse response, CollectorRegistry registry, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        await registry.CollectAndExportAsTextAsync(response.Body, cancellationToken);
    }
}
