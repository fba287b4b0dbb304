using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;

namespace CodeInterpreter.Auth;

/// <summary>
/// Reads the configured verification keys: PEM <c>PUBLIC KEY</c> (SPKI: Ed25519 or RSA) and <c>RSA PUBLIC KEY</c>
/// (PKCS#1) blocks, from the variable (literal <c>\n</c> accepted, for one-line .env files) and the file.
/// </summary>
internal static class JwtKeys
{
    public const int MinRsaBits = 2048;

    public static IReadOnlyList<SecurityKey> Load(AuthOptions options)
    {
        var text = (options.JwtPublicKeys ?? "").Replace("\\n", "\n", StringComparison.Ordinal);
        if (!string.IsNullOrWhiteSpace(options.JwtPublicKeyFile))
        {
            text += "\n" + File.ReadAllText(options.JwtPublicKeyFile);
        }
        List<SecurityKey> keys = [];
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            keys.Add(label switch
            {
                "PUBLIC KEY" => FromSubjectPublicKeyInfo(der),
                "RSA PUBLIC KEY" => Rsa(r => r.ImportRSAPublicKey(der, out _)),
                _ => throw new FormatException($"unsupported PEM block '{label}': use PUBLIC KEY (Ed25519 or RSA)"),
            });
            rest = rest[fields.Location.End..];
        }
        return keys.Count > 0 ? keys : throw new FormatException("no PEM public key found");
    }

    private static SecurityKey FromSubjectPublicKeyInfo(byte[] der)
    {
        var info = SubjectPublicKeyInfo.GetInstance(der);
        if (info.Algorithm.Algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
        {
            return new EdDsaSecurityKey(new Ed25519PublicKeyParameters(info.PublicKey.GetBytes()));
        }
        if (info.Algorithm.Algorithm.Equals(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption))
        {
            return Rsa(r => r.ImportSubjectPublicKeyInfo(der, out _));
        }
        throw new FormatException($"unsupported key algorithm {info.Algorithm.Algorithm.Id}: use Ed25519 or RSA");
    }

    private static RsaSecurityKey Rsa(Action<RSA> import)
    {
        var rsa = RSA.Create();
        import(rsa);
        if (rsa.KeySize < MinRsaBits)
        {
            throw new FormatException($"an RSA key of {rsa.KeySize} bits is too weak (at least {MinRsaBits})");
        }
        return new RsaSecurityKey(rsa);
    }
}
