using CodeInterpreter.Api;
using CodeInterpreter.Api.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

internal static partial class ServerHosting
{
    /// <summary>Kestrel on CODE_BIND_ADDRESS:PORT, with a body limit that fits the largest upload.</summary>
    public static WebApplicationBuilder AddServerHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().BindConfiguration("Server").ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>());
        var server = builder.Configuration.GetSection("Server").Get<ServerOptions>() ?? new ServerOptions();
        var api = builder.Configuration.GetSection("Api").Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.UseUrls($"http://{(server.BindAddress is "0.0.0.0" ? "*" : server.BindAddress)}:{server.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Per-route limits are set lower (/exec); this is the ceiling for uploads.
            kestrel.Limits.MaxRequestBodySize = api.MaxUploadMb * 1024L * 1024L;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

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
