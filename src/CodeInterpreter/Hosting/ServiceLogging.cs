using Microsoft.Extensions.Configuration.Memory;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Console logs, one line per event: text (default) or JSON (<c>CODE_LOG_FORMAT=json</c>), which carries every
/// scope, the request id among them. Nothing logs request bodies, headers or query strings (bodies and headers hold
/// API keys).
/// </summary>
internal static class ServiceLogging
{
    public const string FormatKey = "Logging:Format";
    public static readonly IReadOnlyList<string> Formats = ["text", "json"];
    public static readonly IReadOnlyList<string> Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];
    private const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        // Defaults below every other source: appsettings.json and Logging__LogLevel__... variables still win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                // Kestrel's per-request lines would repeat the service's own (and include query strings).
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // One warning per connection refused at Kestrel's limit would let a flood fill the disk; the
                // connection limits log a summary instead (ConnectionLog).
                ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Connections"] = "Error",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration[FormatKey], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = Timestamp.TrimEnd();
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = Timestamp;
            });
        }
        return builder;
    }
}
