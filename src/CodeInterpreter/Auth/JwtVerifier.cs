using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CodeInterpreter.Auth;

/// <summary>
/// Gen C bearer tokens: signed with EdDSA (Ed25519) or RS256 by one of the configured public keys, <c>iss</c> and
/// <c>aud</c> as configured (librechat, codeapi), <c>exp</c> required, at most <see cref="AuthOptions.JwtMaxLifetimeSeconds"/>
/// from <c>iat</c> (or <c>nbf</c>) to <c>exp</c>, with at most <see cref="AuthOptions.JwtClockSkewSeconds"/> of skew.
/// Every other algorithm (none, HS256 keyed with a public key, ES256...) is refused before any key is tried.
/// </summary>
public sealed class JwtVerifier
{
    private static readonly string[] s_algorithms = [EdDsaSecurityKey.Algorithm, SecurityAlgorithms.RsaSha256];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly TimeSpan _maxLifetime;
    private readonly TimeSpan _skew;
    private readonly TimeProvider _time;

    public JwtVerifier(IOptions<AuthOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        _maxLifetime = TimeSpan.FromSeconds(o.JwtMaxLifetimeSeconds);
        _skew = TimeSpan.FromSeconds(o.JwtClockSkewSeconds);
        if (!o.JwtConfigured)
        {
            return;
        }
        var keys = JwtKeys.Load(o);
        foreach (var key in keys)
        {
            key.CryptoProviderFactory = EdDsaCryptoProvider.Factory;
        }
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = o.JwtIssuer,
            ValidAudience = o.JwtAudience,
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = s_algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = _skew,
            LifetimeValidator = IsWithinLifetime,
            CryptoProviderFactory = EdDsaCryptoProvider.Factory,
        };
    }

    /// <summary>Whether public keys are configured; without them no bearer token is treated as a JWT.</summary>
    public bool Enabled => _parameters is not null;

    /// <summary>Three dot-separated segments: a JWS in compact form. Anything else after Bearer is compared as a key.</summary>
    public static bool LooksLikeJwt(string value) => value.Count(c => c == '.') == 2;

    /// <summary>The token's subject (<c>sub</c>, may be empty) when valid; null when refused for any reason.</summary>
    public async Task<string?> VerifyAsync(string token)
    {
        if (_parameters is null || token.Length > 16 * 1024)
        {
            return null;
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt ? jwt.Subject ?? "" : null;
    }

    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp || exp + _skew < now || (notBefore is { } nbf && nbf - _skew > now))
        {
            return false;
        }
        var issued = token is JsonWebToken { IssuedAt: var iat } && iat > DateTime.UnixEpoch ? iat : (DateTime?)null;
        if (issued > now + _skew)
        {
            return false;
        }
        // A long-lived token is a stolen token's best friend: exp − iat, and what is left of it, stay within the cap.
        var start = issued ?? notBefore ?? now;
        return exp - start <= _maxLifetime && exp - now <= _maxLifetime + _skew;
    }
}
