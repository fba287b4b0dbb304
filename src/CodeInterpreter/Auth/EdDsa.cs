using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Parameters;

namespace CodeInterpreter.Auth;

/// <summary>An Ed25519 public key, for the JWS algorithm <c>EdDSA</c> that IdentityModel does not implement itself.</summary>
internal sealed class EdDsaSecurityKey(Ed25519PublicKeyParameters publicKey) : AsymmetricSecurityKey
{
    public const string Algorithm = "EdDSA";

    public Ed25519PublicKeyParameters PublicKey => publicKey;

    public override int KeySize => 256;

    [Obsolete("HasPrivateKey is obsolete in IdentityModel; PrivateKeyStatus answers the same question.")]
    public override bool HasPrivateKey => false;

    public override PrivateKeyStatus PrivateKeyStatus => PrivateKeyStatus.DoesNotExist;
}

/// <summary>Verifies (never signs) Ed25519 signatures with BouncyCastle.</summary>
internal sealed class EdDsaSignatureProvider(EdDsaSecurityKey key) : SignatureProvider(key, EdDsaSecurityKey.Algorithm)
{
    private const int SignatureLength = 64;

    public override byte[] Sign(byte[] input) => throw new NotSupportedException("Only public keys are configured.");

    public override bool Verify(byte[] input, byte[] signature) => Verify(input, 0, input.Length, signature, 0, signature.Length);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
        signatureLength == SignatureLength
        && key.PublicKey.Verify(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null,
            input, inputOffset, inputLength, signature, signatureOffset);

    protected override void Dispose(bool disposing)
    {
    }
}

/// <summary>Plugs <see cref="EdDsaSignatureProvider"/> into IdentityModel's crypto factory for EdDSA keys only.</summary>
internal sealed class EdDsaCryptoProvider : ICryptoProvider
{
    public static CryptoProviderFactory Factory { get; } = new() { CustomCryptoProvider = new EdDsaCryptoProvider() };

    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == EdDsaSecurityKey.Algorithm && args.Length > 0 && args[0] is EdDsaSecurityKey;

    public object Create(string algorithm, params object[] args) =>
        IsSupportedAlgorithm(algorithm, args)
            ? new EdDsaSignatureProvider((EdDsaSecurityKey)args[0])
            : throw new NotSupportedException($"{algorithm} is not an EdDSA key operation.");

    public void Release(object cryptoInstance) => (cryptoInstance as IDisposable)?.Dispose();
}
