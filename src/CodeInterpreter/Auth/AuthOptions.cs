using Microsoft.Extensions.Options;

namespace CodeInterpreter.Auth;

/// <summary>
/// Section "Auth": <c>CODE_API_KEY</c>, <c>CODE_API_KEYS</c>, <c>CODE_AUTH_DISABLED</c> and the <c>CODE_JWT_*</c>
/// variables map here.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The documented default key of the original product, used (with a loud warning) when no key and no JWT key is configured.</summary>
    public const string DefaultKey = "default-api-key";

    public string[] ApiKeys { get; set; } = [];

    /// <summary>No key is checked at all: only for a trusted network (LibreChat ≥ 0.8.6 sends no key by default).</summary>
    public bool Disabled { get; set; }

    /// <summary>PEM public keys (SPKI Ed25519, or RSA of 2048 bits or more) that sign Gen C bearer tokens.</summary>
    public string? JwtPublicKeys { get; set; }

    /// <summary>A PEM file with more such keys.</summary>
    public string? JwtPublicKeyFile { get; set; }

    public string JwtIssuer { get; set; } = "librechat";

    public string JwtAudience { get; set; } = "codeapi";

    /// <summary>Longest accepted exp − iat; LibreChat signs tokens for at most 300 s.</summary>
    public int JwtMaxLifetimeSeconds { get; set; } = 300;

    public int JwtClockSkewSeconds { get; set; } = 30;

    /// <summary><c>CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE</c>: failed authentications per address before wrong credentials get 429; 0 = off.</summary>
    public int FailuresPerAddressPerMinute { get; set; } = 60;

    public bool JwtConfigured => !string.IsNullOrWhiteSpace(JwtPublicKeys) || !string.IsNullOrWhiteSpace(JwtPublicKeyFile);

    /// <summary>The default key is only a fallback for a service with no credentials at all.</summary>
    public bool UsesDefaultKey => !Disabled && (ApiKeys.Length == 0 ? !JwtConfigured : ApiKeys.Contains(DefaultKey, StringComparer.Ordinal));

    public IReadOnlyList<string> EffectiveKeys => ApiKeys.Length > 0 ? ApiKeys : JwtConfigured ? [] : [DefaultKey];
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        List<string> errors = [];
        if (options.ApiKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Contains(':', StringComparison.Ordinal)))
        {
            errors.Add("API keys must be non-empty and must not contain ':' (Basic auth sends key:)");
        }
        if (options.JwtMaxLifetimeSeconds is < 1 or > 3600)
        {
            errors.Add("Auth:JwtMaxLifetimeSeconds must be between 1 and 3600");
        }
        if (options.JwtClockSkewSeconds is < 0 or > 30)
        {
            errors.Add("Auth:JwtClockSkewSeconds must be between 0 and 30");
        }
        if (options.FailuresPerAddressPerMinute < 0)
        {
            errors.Add("CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE must not be negative");
        }
        if (string.IsNullOrWhiteSpace(options.JwtIssuer) || string.IsNullOrWhiteSpace(options.JwtAudience))
        {
            errors.Add("CODE_JWT_ISSUER and CODE_JWT_AUDIENCE must not be empty");
        }
        if (options.JwtConfigured)
        {
            try
            {
                JwtKeys.Load(options);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                errors.Add($"CODE_JWT_PUBLIC_KEYS / CODE_JWT_PUBLIC_KEY_FILE: {e.Message}");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
