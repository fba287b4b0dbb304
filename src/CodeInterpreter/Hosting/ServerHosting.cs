using CodeInterpreter.Api;
using CodeInterpreter.Auth;
using CodeInterpreter.Hosting.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

internal static partial class ServerHosting
{
    /// <summary>
    /// Logging, Kestrel on CODE_BIND_ADDRESS:PORT with a body limit that fits the largest upload and bounded
    /// connections, and graceful shutdown. Values are read leniently here: a malformed one is reported by <see cref="StartupCheck"/>.
    /// </summary>
    public static WebApplicationBuilder AddServerHosting(this WebApplicationBuilder builder)
    {
        builder.AddServiceLogging();
        builder.Services.AddOptions<ServerOptions>().BindConfiguration("Server").ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>());
        var config = builder.Configuration;
        var port = Lenient(config["Server:Port"], 8700);
        var bind = config["Server:BindAddress"] ?? new ServerOptions().BindAddress;
        var maxUploadMb = Lenient(config["Api:MaxUploadMb"], new ApiOptions().MaxUploadMb);
        builder.WebHost.UseUrls($"http://{(bind is "0.0.0.0" ? "*" : bind)}:{port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Per-route limits are set lower (/exec); this is the ceiling for uploads.
            kestrel.Limits.MaxRequestBodySize = maxUploadMb * 1024L * 1024L;
            kestrel.AddServerHeader = false;
        });
        var shutdown = Lenient(config["Server:ShutdownTimeoutSeconds"], new ServerOptions().ShutdownTimeoutSeconds);
        // The host's own limit covers the drain, the kill and the cleanup after it.
        builder.Services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(shutdown, 0, 3600)) + ExecutionDrain.CleanupGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddHostedService<ExecutionDrain>();
        builder.Services.AddTrustedProxies();
        builder.Services.AddConnectionLimits();
        return builder;
    }

    private static int Lenient(string? value, int fallback) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            && parsed >= 0 ? parsed : fallback;

    public static WebApplication WarnAboutAuthentication(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.Disabled)
        {
            AuthDisabled(app.Logger);
        }
        else if (auth.UsesDefaultKey)
        {
            DefaultKey(app.Logger);
        }
        return app;
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning,
        Message = "!!! AUTHENTICATION IS DISABLED (CODE_AUTH_DISABLED=true): anyone who can reach this port can run code. Use only on a trusted network. !!!")]
    private static partial void AuthDisabled(ILogger logger);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning,
        Message = "!!! Using the default API key 'default-api-key'. Set CODE_API_KEY (or CODE_API_KEYS=a,b) to a secret value. !!!")]
    private static partial void DefaultKey(ILogger logger);
}
