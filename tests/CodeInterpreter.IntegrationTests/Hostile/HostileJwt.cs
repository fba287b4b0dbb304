using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>The instance's JWT signing keys (its public halves are configured), and a signer for good and forged tokens.</summary>
public sealed class HostileJwt
{
    private readonly Ed25519PrivateKeyParameters _ed = NewEd25519();
    private readonly RSA _rsa = RSA.Create(2048);

    public string PublicKeysPem =>
        PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(_ed.GeneratePublicKey()).GetDerEncoded())
        + "\n" + _rsa.ExportSubjectPublicKeyInfoPem();

    public static Dictionary<string, object> Claims(int lifetimeSeconds = 300, int ageSeconds = 0, string audience = "codeapi")
    {
        var iat = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ageSeconds;
        return new() { ["iss"] = "librechat", ["aud"] = audience, ["sub"] = "hostile-jwt-user", ["iat"] = iat, ["exp"] = iat + lifetimeSeconds };
    }

    public string EdDsa(Dictionary<string, object> claims) => EdDsa(claims, _ed);

    public static string EdDsa(Dictionary<string, object> claims, Ed25519PrivateKeyParameters key) => Sign("EdDSA", claims, data =>
    {
        var signature = new byte[64];
        key.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, data, 0, data.Length, signature, 0);
        return signature;
    });

    public string Rs256(Dictionary<string, object> claims) =>
        Sign("RS256", claims, data => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public string Hs256WithPublicKey(Dictionary<string, object> claims) =>
        Sign("HS256", claims, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem()), data));

    public static Ed25519PrivateKeyParameters NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
    }

    private static string Sign(string alg, Dictionary<string, object> claims, Func<byte[], byte[]> sign)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" }));
        var input = $"{header}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        return $"{input}.{Base64Url(sign(Encoding.ASCII.GetBytes(input)))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
