using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Behind a load balancer every client has the balancer's address, so the per-address failed-login lockout would
/// lock out everyone at once. Requests from <c>CODE_TRUSTED_PROXIES</c> (addresses or CIDR ranges) get their client
/// address from the last <c>X-Forwarded-For</c> entry; anyone else's header is ignored, so a client cannot pick its
/// own address. None is trusted by default, loopback included: any local process (or a proxy that passes the header
/// through unchecked) could otherwise rotate addresses past the lockout or claim a victim's address to lock it out.
/// </summary>
internal static class TrustedProxies
{
    public const string Default = "";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServerOptions>>((forwarded, server) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.ForwardLimit = 1;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in Parse(server.Value.TrustedProxies))
            {
                forwarded.KnownIPNetworks.Add(entry);
            }
        });
        return services;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // With no known proxy and no known network, ASP.NET's middleware checks no source at all and trusts every
        // client's header: without a trusted proxy it must not run.
        if (Parse(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.TrustedProxies).Any())
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    /// <summary>The ranges of a comma-separated list ("10.0.0.0/8, 192.168.1.5"; "none" for no proxy); an address is a /32 or /128.</summary>
    public static IEnumerable<System.Net.IPNetwork> Parse(string list) => Entries(list).Select(entry =>
    {
        if (entry.Contains('/'))
        {
            return System.Net.IPNetwork.Parse(entry);
        }
        var address = IPAddress.Parse(entry);
        return new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8);
    });

    /// <summary>Null when every entry parses, else the first bad one.</summary>
    public static string? Invalid(string list) => Entries(list)
        .FirstOrDefault(entry => entry.Contains('/') ? !System.Net.IPNetwork.TryParse(entry, out _) : !IPAddress.TryParse(entry, out _));

    private static string[] Entries(string list) => list.Trim() is "none" or ""
        ? []
        : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
