using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Auth;

/// <summary>
/// Checks a request's key: <c>X-API-Key</c> decides alone when present (an invalid one never falls back);
/// otherwise <c>Authorization: Basic base64(key:)</c> (a key in the base URL, for clients that send none)
/// or <c>Bearer key</c>. Comparison is constant-time over SHA-256 digests of every configured key.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly AuthOptions _options;
    private readonly byte[][] _keyDigests;

    public ApiKeyAuthenticator(IOptions<AuthOptions> options)
    {
        _options = options.Value;
        _keyDigests = [.. _options.EffectiveKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }

    public bool IsAuthorized(HttpRequest request)
    {
        if (_options.Disabled)
        {
            return true;
        }
        if (request.Headers.TryGetValue("X-API-Key", out var apiKey))
        {
            return apiKey.Count == 1 && Matches(apiKey[0]);
        }
        return AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            && Matches(KeyFrom(header));
    }

    private static string? KeyFrom(AuthenticationHeaderValue header)
    {
        if (header.Parameter is not { Length: > 0 } parameter)
        {
            return null;
        }
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parameter;
        }
        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            var (user, password) = colon < 0 ? (credentials, "") : (credentials[..colon], credentials[(colon + 1)..]);
            // http://KEY@host sends "KEY:"; also accept ":KEY" (key as the password).
            return user.Length > 0 ? user : password;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        var match = false;
        foreach (var key in _keyDigests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, key);
        }
        return match;
    }
}
