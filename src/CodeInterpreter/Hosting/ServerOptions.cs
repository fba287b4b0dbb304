using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

/// <summary>Where Kestrel listens (<c>CODE_BIND_ADDRESS</c>, <c>PORT</c>).</summary>
public sealed class ServerOptions
{
    public string BindAddress { get; set; } = "0.0.0.0";
    public int Port { get; set; } = 8700;

    /// <summary><c>CODE_DATA_DIR</c>: holds files/, jobs/ and cache/.</summary>
    public string DataDir { get; set; } = EnvironmentVariableMap.DefaultDataDir;

    /// <summary>
    /// <c>CODE_SHUTDOWN_TIMEOUT_SECONDS</c>: at shutdown, how long running executions may still finish before they
    /// are killed. The container's stop grace period (or systemd's TimeoutStopSec) must be longer.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// <c>CODE_TRUSTED_PROXIES</c>: load balancers whose <c>X-Forwarded-For</c> names the client (addresses or CIDR
    /// ranges, comma-separated; empty or <c>none</c>, the default, trusts none). See <see cref="TrustedProxies"/>.
    /// </summary>
    public string TrustedProxies { get; set; } = Hosting.TrustedProxies.Default;
}

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            return ValidateOptionsResult.Fail($"PORT must be 0-65535, got {options.Port}");
        }
        if (options.ShutdownTimeoutSeconds is < 0 or > 3600)
        {
            return ValidateOptionsResult.Fail($"CODE_SHUTDOWN_TIMEOUT_SECONDS must be 0-3600, got {options.ShutdownTimeoutSeconds}");
        }
        if (Hosting.TrustedProxies.Invalid(options.TrustedProxies) is { } bad)
        {
            return ValidateOptionsResult.Fail($"CODE_TRUSTED_PROXIES must list IP addresses or CIDR ranges (10.0.0.0/8), got '{bad}'");
        }
        if (!Path.IsPathFullyQualified(options.DataDir))
        {
            return ValidateOptionsResult.Fail($"CODE_DATA_DIR must be an absolute path, got '{options.DataDir}'");
        }
        return System.Net.IPAddress.TryParse(options.BindAddress, out _) || options.BindAddress is "localhost" or "*"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"CODE_BIND_ADDRESS must be an IP address, got '{options.BindAddress}'");
    }
}
