using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Auth;

/// <summary>Section "Auth": <c>CODE_API_KEY</c>, <c>CODE_API_KEYS</c>, <c>CODE_AUTH_DISABLED</c> map here.</summary>
public sealed class AuthOptions
{
    /// <summary>The seed's default key, used (with a loud warning) when no key is configured.</summary>
    public const string DefaultKey = "default-api-key";

    public string[] ApiKeys { get; set; } = [];

    /// <summary>No key is checked at all: only for a trusted network (LibreChat ≥ 0.8.6 sends no key by default).</summary>
    public bool Disabled { get; set; }

    public bool UsesDefaultKey => !Disabled && (ApiKeys.Length == 0 || ApiKeys.Contains(DefaultKey, StringComparer.Ordinal));

    public IReadOnlyList<string> EffectiveKeys => ApiKeys.Length == 0 ? [DefaultKey] : ApiKeys;
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.ApiKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Contains(':', StringComparison.Ordinal))
            ? ValidateOptionsResult.Fail("API keys must be non-empty and must not contain ':' (Basic auth sends key:)")
            : ValidateOptionsResult.Success;
}
