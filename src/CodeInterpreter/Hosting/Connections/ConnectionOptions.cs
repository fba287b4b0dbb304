using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting.Connections;

/// <summary>
/// Section "Connections": how many TCP connections the service holds open. Each open connection is a file
/// descriptor; without a bound, idle keep-alive connections (no key needed) use up the process's descriptors until
/// the runtime cannot create a pipe and aborts.
/// </summary>
public sealed class ConnectionOptions
{
    /// <summary>
    /// <c>CODE_MAX_CONNECTIONS</c>: open connections in all; 0 derives it from the file-descriptor limit (see
    /// <see cref="DescriptorBudget"/>), so connections can never use up the descriptors that runs need.
    /// </summary>
    public int MaxConnections { get; set; }

    /// <summary>
    /// <c>CODE_MAX_CONNECTIONS_PER_ADDRESS</c>: open connections per client address (IPv6: per /64); the trusted
    /// proxies are exempt. 0 = no per-address limit.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 128;

    /// <summary><c>CODE_KEEPALIVE_TIMEOUT_SECONDS</c>: an idle connection (between requests, or before the first) is closed after this.</summary>
    public int KeepAliveTimeoutSeconds { get; set; } = 10;
}

internal sealed class ConnectionOptionsValidator : IValidateOptions<ConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectionOptions o)
    {
        List<string> errors = [];
        if (o.MaxConnections is < 0 or > 1_000_000)
        {
            errors.Add($"CODE_MAX_CONNECTIONS must be 0 (derived from the file-descriptor limit) to 1000000, got {o.MaxConnections}");
        }
        if (o.MaxConnectionsPerAddress is < 0 or > 1_000_000)
        {
            errors.Add($"CODE_MAX_CONNECTIONS_PER_ADDRESS must be 0 (no limit) to 1000000, got {o.MaxConnectionsPerAddress}");
        }
        if (o.KeepAliveTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add($"CODE_KEEPALIVE_TIMEOUT_SECONDS must be 1-3600, got {o.KeepAliveTimeoutSeconds}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
