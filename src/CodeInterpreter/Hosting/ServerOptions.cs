using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

/// <summary>Where Kestrel listens (<c>CODE_BIND_ADDRESS</c>, <c>PORT</c>).</summary>
public sealed class ServerOptions
{
    public string BindAddress { get; set; } = "0.0.0.0";
    public int Port { get; set; } = 8700;

    /// <summary><c>CODE_DATA_DIR</c>: holds files/, jobs/ and cache/.</summary>
    public string DataDir { get; set; } = SeedEnvironment.DefaultDataDir;
}

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            return ValidateOptionsResult.Fail($"PORT must be 0-65535, got {options.Port}");
        }
        return System.Net.IPAddress.TryParse(options.BindAddress, out _) || options.BindAddress is "localhost" or "*"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"CODE_BIND_ADDRESS must be an IP address, got '{options.BindAddress}'");
    }
}
