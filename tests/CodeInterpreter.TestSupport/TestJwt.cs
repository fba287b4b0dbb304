using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace CodeInterpreter.TestSupport;

/// <summary>
/// Fresh Ed25519 and RSA key pairs (configure <see cref="PublicKeysPem"/> on the verifier or the service) and a
/// minimal JWS signer, to make the good tokens LibreChat would send and every kind of forgery the verifier must refuse.
/// </summary>
public sealed class TestJwt : IDisposable
{
    private readonly Ed25519PrivateKeyParameters _ed25519 = NewEd25519();
    private readonly RSA _rsa = RSA.Create(2048);

    public string Ed25519PublicPem => PublicPem(_ed25519.GeneratePublicKey());

    public string RsaPublicPem => _rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>Both public keys, as CODE_JWT_PUBLIC_KEYS takes them.</summary>
    public string PublicKeysPem => Ed25519PublicPem + "\n" + RsaPublicPem;

    public string EdDsa(Dictionary<string, object> claims, string? kid = null) => EdDsaWith(_ed25519, claims, kid);

    public string Rs256(Dictionary<string, object> claims) => Rs256With(_rsa, claims);

    /// <summary>HS256 keyed with the RSA public key's PEM text: the classic algorithm-confusion forgery.</summary>
    public string Hs256WithPublicKey(Dictionary<string, object> claims) =>
        Sign("HS256", claims, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(RsaPublicPem), data));

    /// <summary>Claims LibreChat would send: issued at <paramref name="issuedAt"/>, valid for <paramref name="lifetimeSeconds"/>.</summary>
    public static Dictionary<string, object> Claims(DateTimeOffset issuedAt, int lifetimeSeconds = 300, string audience = "codeapi") => new()
    {
        ["iss"] = "librechat",
        ["aud"] = audience,
        ["sub"] = "user-123",
        ["iat"] = issuedAt.ToUnixTimeSeconds(),
        ["exp"] = issuedAt.ToUnixTimeSeconds() + lifetimeSeconds,
    };

    public static string EdDsaWith(Ed25519PrivateKeyParameters key, Dictionary<string, object> claims, string? kid = null) =>
        Sign("EdDSA", claims, data =>
        {
            var signature = new byte[64];
            key.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, data, 0, data.Length, signature, 0);
            return signature;
        }, kid);

    public static string Rs256With(RSA key, Dictionary<string, object> claims) =>
        Sign("RS256", claims, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Unsigned(Dictionary<string, object> claims) => Sign("none", claims, _ => []);

    public static string Sign(string alg, Dictionary<string, object> claims, Func<byte[], byte[]> sign, string? kid = null)
    {
        var headerFields = new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            headerFields["kid"] = kid;
        }
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(headerFields));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signingInput = $"{header}.{payload}";
        return $"{signingInput}.{Base64Url(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    public static Ed25519PrivateKeyParameters NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
    }

    public static string PublicPem(Ed25519PublicKeyParameters key) =>
        PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded());

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _rsa.Dispose();
}
