using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Limits;

/// <summary>
/// Hostile clients: rate limiters, Kestrel's header and slow-client limits, and a small default body limit that only
/// an authenticated /exec or /upload raises (so a refused request cannot make the server read 150 MiB).
/// </summary>
public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration("Limits").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        services.TryAddSingleton<ExecRateLimiter>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, options) =>
        {
            // Built with the server, before the startup check: a bad value is left to it (exit 78, no stack trace).
            if (Valid(options) is not { } o)
            {
                return;
            }
            // Slowloris: headers must arrive within this time, and bodies at a minimal rate after a short grace.
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(o.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
            // LibreChat sends a handful of short headers; these caps are Kestrel's defaults, pinned on purpose.
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        return services;
    }

    private static LimitsOptions? Valid(IOptions<LimitsOptions> options)
    {
        try
        {
            return options.Value;
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>First in the pipeline: every request starts with the small default body limit.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        var defaultBody = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.DefaultBodyKb * 1024L;
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = defaultBody;
            }
            return next(context);
        });
        return app;
    }
}
