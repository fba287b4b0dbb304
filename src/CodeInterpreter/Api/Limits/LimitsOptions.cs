using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Limits;

/// <summary>
/// Section "Limits": rate limits and request limits for hostile clients. The defaults never bother one LibreChat
/// server (one address making every call): failed authentication is limited per address by the Auth feature.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary><c>CODE_RATE_LIMIT_EXEC_PER_MINUTE</c>: executions per LibreChat user (user_id or token subject); 0 = off.</summary>
    public int ExecPerUserPerMinute { get; set; } = 120;

    /// <summary>Body limit until a route raises it (after authentication): GET, DELETE and refused requests.</summary>
    public int DefaultBodyKb { get; set; } = 64;

    /// <summary><c>CODE_REQUEST_HEADERS_TIMEOUT_SECONDS</c>: a client that does not finish its headers in time is dropped.</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>A request body slower than this (after a 5 s grace) is dropped (Kestrel's default rate).</summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 240;
}

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions o) =>
        o.ExecPerUserPerMinute < 0 || o.DefaultBodyKb < 1
            || o.RequestHeadersTimeoutSeconds < 1 || o.MinRequestBodyBytesPerSecond < 1
            ? ValidateOptionsResult.Fail("Limits: rates must not be negative; body size, header timeout and body rate must be positive")
            : ValidateOptionsResult.Success;
}
