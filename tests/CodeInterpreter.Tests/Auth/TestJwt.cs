using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace CodeInterpreter.Tests.Auth;

/// <summary>Fresh Ed25519 and RSA key pairs, and a minimal JWS signer, to forge every kind of token the verifier must judge.</summary>
internal static class TestJwt
{
    private static readonly Ed25519PrivateKeyParameters s_ed = NewEd25519();
    private static readonly RSA s_rsa = RSA.Create(2048);

    public static string Ed25519PublicPem { get; } = PublicPem(s_ed.GeneratePublicKey());
    public static string RsaPublicPem { get; } = s_rsa.ExportSubjectPublicKeyInfoPem();
    public static string BothPublicPems => Ed25519PublicPem + "\n" + RsaPublicPem;

    public static Ed25519PrivateKeyParameters NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
    }

    public static string PublicPem(Ed25519PublicKeyParameters key)
    {
        var der = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded();
        return PemEncoding.WriteString("PUBLIC KEY", der);
    }

    /// <summary>Claims LibreChat would send, valid now for 5 minutes.</summary>
    public static Dictionary<string, object> Claims(DateTimeOffset now, int lifetimeSeconds = 300) => new()
    {
        ["iss"] = "librechat",
        ["aud"] = "codeapi",
        ["sub"] = "user-123",
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.ToUnixTimeSeconds() + lifetimeSeconds,
    };

    public static string EdDsa(Dictionary<string, object> claims, Ed25519PrivateKeyParameters? key = null, string? kid = null) =>
        Sign("EdDSA", claims, data =>
        {
            var signature = new byte[64];
            (key ?? s_ed).Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, data, 0, data.Length, signature, 0);
            return signature;
        }, kid);

    public static string Rs256(Dictionary<string, object> claims, RSA? key = null) =>
        Sign("RS256", claims, data => (key ?? s_rsa).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>HS256 keyed with the RSA public key's PEM text: the classic algorithm-confusion forgery.</summary>
    public static string Hs256WithPublicKey(Dictionary<string, object> claims) =>
        Sign("HS256", claims, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(RsaPublicPem), data));

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

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
