using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Auth;

/// <summary>
/// Who a request is: refused, or accepted with the token's subject (null for a key), which credential it proved
/// (<see cref="Credential"/>: <c>key N</c>, the N-th configured key; <c>token</c>, a verified bearer token; or
/// <c>none</c>, authentication off — storage quotas are kept per credential) and the caller identity that binds state
/// to it (<see cref="Caller"/>: <c>key:</c> and a digest of the key, <c>sub:</c> and the token's subject, or
/// <c>open</c>). Neither ever contains the secret.
/// </summary>
public readonly record struct AuthResult(bool Authorized, string? Subject, string? Credential = null, string? Caller = null)
{
    public static AuthResult Refused => new(false, null);
}

/// <summary>
/// Checks a request's credentials: <c>X-API-Key</c> decides alone when present (an invalid one never falls back);
/// otherwise <c>Authorization: Bearer</c> with a JWT verified by <see cref="JwtVerifier"/> (when public keys are
/// configured) or a key, or <c>Basic base64(key:)</c> (a key in the base URL, for clients that send none).
/// Keys are compared in constant time over SHA-256 digests of every configured key.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly AuthOptions _options;
    private readonly JwtVerifier? _jwt;
    private readonly byte[][] _keyDigests;

    public ApiKeyAuthenticator(IOptions<AuthOptions> options, JwtVerifier? jwt = null)
    {
        _options = options.Value;
        _jwt = jwt is { Enabled: true } ? jwt : null;
        _keyDigests = [.. _options.EffectiveKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }

    public ValueTask<AuthResult> AuthenticateAsync(HttpRequest request)
    {
        if (_options.Disabled)
        {
            return ValueTask.FromResult(new AuthResult(true, null, "none", "open"));
        }
        if (request.Headers.TryGetValue("X-API-Key", out var apiKey))
        {
            return ValueTask.FromResult(KeyResult(apiKey.Count == 1 ? apiKey[0] : null));
        }
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || header.Parameter is not { Length: > 0 } parameter)
        {
            return ValueTask.FromResult(AuthResult.Refused);
        }
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return _jwt is not null && JwtVerifier.LooksLikeJwt(parameter)
                ? VerifyJwtAsync(_jwt, parameter)
                : ValueTask.FromResult(KeyResult(parameter));
        }
        return ValueTask.FromResult(header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            ? KeyResult(KeyFromBasic(parameter))
            : AuthResult.Refused);
    }

    private static async ValueTask<AuthResult> VerifyJwtAsync(JwtVerifier jwt, string token) =>
        await jwt.VerifyAsync(token).ConfigureAwait(false) is { } subject
            ? new AuthResult(true, subject.Length > 0 ? subject : null, "token", "sub:" + subject)
            : AuthResult.Refused;

    private static string? KeyFromBasic(string parameter)
    {
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

    private AuthResult KeyResult(string? candidate) =>
        Match(candidate) is { } index
            ? new AuthResult(true, null, $"key {index + 1}", "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(candidate!))))
            : AuthResult.Refused;

    /// <summary>The index of the configured key that <paramref name="candidate"/> is, comparing with every one.</summary>
    private int? Match(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return null;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        int? match = null;
        for (var i = 0; i < _keyDigests.Length; i++)
        {
            match = CryptographicOperations.FixedTimeEquals(digest, _keyDigests[i]) ? i : match;
        }
        return match;
    }
}
