using System.Security.Cryptography;
using CodeInterpreter.Auth;
using Microsoft.Extensions.Options;
using CodeInterpreter.Tests.Storage;

namespace CodeInterpreter.Tests.Auth;

public sealed class JwtVerifierTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TestJwt s_jwt = new();

    private static JwtVerifier Verifier(string? pems = null, DateTimeOffset? now = null) =>
        new(Options.Create(new AuthOptions { JwtPublicKeys = pems ?? s_jwt.PublicKeysPem }), new ManualTimeProvider(now ?? s_now));

    private static Task<string?> Verify(string token, DateTimeOffset? now = null) => Verifier(now: now).VerifyAsync(token);

    [Fact]
    public async Task EdDsa_SignedByAConfiguredKey_IsAcceptedWithItsSubject() =>
        Assert.Equal("user-123", await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now))));

    [Fact]
    public async Task KeyIdThatNamesNoConfiguredKey_StillVerifiesAgainstEveryKey() =>
        Assert.Equal("user-123", await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now), kid: "librechat-2026")));

    [Fact]
    public async Task Rs256_SignedByAConfiguredKey_IsAccepted() =>
        Assert.Equal("user-123", await Verify(s_jwt.Rs256(TestJwt.Claims(s_now))));

    [Fact]
    public async Task Forged_SignedByAnotherEd25519Key_IsRefused() =>
        Assert.Null(await Verify(TestJwt.EdDsaWith(TestJwt.NewEd25519(), TestJwt.Claims(s_now))));

    [Fact]
    public async Task Forged_SignedByAnotherRsaKey_IsRefused()
    {
        using var other = RSA.Create(2048);
        Assert.Null(await Verify(TestJwt.Rs256With(other, TestJwt.Claims(s_now))));
    }

    [Fact]
    public async Task Tampered_PayloadChangedAfterSigning_IsRefused()
    {
        var token = s_jwt.EdDsa(TestJwt.Claims(s_now)).Split('.');
        var claims = TestJwt.Claims(s_now);
        claims["sub"] = "admin";
        var payload = TestJwt.Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(claims));

        Assert.Null(await Verify($"{token[0]}.{payload}.{token[2]}"));
    }

    [Fact]
    public async Task Expired_BeyondTheSkew_IsRefused() => Assert.Null(await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now.AddSeconds(-400))), s_now));

    [Fact]
    public async Task Expired_WithinTheSkew_IsAccepted() =>
        Assert.NotNull(await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now.AddSeconds(-320))), s_now));

    [Fact]
    public async Task IssuedInTheFuture_BeyondTheSkew_IsRefused() => Assert.Null(await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now.AddSeconds(60)))));

    [Fact]
    public async Task LifetimeOverFiveMinutes_IsRefused() => Assert.Null(await Verify(s_jwt.EdDsa(TestJwt.Claims(s_now, lifetimeSeconds: 3600))));

    [Fact]
    public async Task NoExpiry_IsRefused()
    {
        var claims = TestJwt.Claims(s_now);
        claims.Remove("exp");
        Assert.Null(await Verify(s_jwt.EdDsa(claims)));
    }

    [Theory]
    [InlineData("aud", "someone-else")]
    [InlineData("iss", "evil")]
    public async Task WrongAudienceOrIssuer_IsRefused(string claim, string value)
    {
        var claims = TestJwt.Claims(s_now);
        claims[claim] = value;
        Assert.Null(await Verify(s_jwt.EdDsa(claims)));
    }

    [Fact]
    public async Task AlgorithmNone_IsRefused() => Assert.Null(await Verify(TestJwt.Unsigned(TestJwt.Claims(s_now))));

    [Fact]
    public async Task Hs256KeyedWithThePublicKey_IsRefused() => Assert.Null(await Verify(s_jwt.Hs256WithPublicKey(TestJwt.Claims(s_now))));

    [Fact]
    public async Task EdDsaHeaderOverAnRsaSignature_IsRefused()
    {
        var rs = s_jwt.Rs256(TestJwt.Claims(s_now)).Split('.');
        var header = TestJwt.Base64Url("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}"u8.ToArray());
        Assert.Null(await Verify($"{header}.{rs[1]}.{rs[2]}"));
    }

    [Fact]
    public async Task OnlyTheRsaKeyConfigured_EdDsaTokensAreRefused() =>
        Assert.Null(await Verifier(s_jwt.RsaPublicPem).VerifyAsync(s_jwt.EdDsa(TestJwt.Claims(s_now))));

    [Theory]
    [InlineData("")]
    [InlineData("a.b.c")]
    [InlineData("not-a-jwt")]
    [InlineData("....")]
    public async Task Garbage_IsRefused(string token) => Assert.Null(await Verify(token));

    [Fact]
    public async Task Authenticator_BearerJwt_IsVerifiedAndCarriesTheSubject()
    {
        var options = Options.Create(new AuthOptions { ApiKeys = ["key-one"], JwtPublicKeys = s_jwt.PublicKeysPem });
        var authenticator = new ApiKeyAuthenticator(options, new JwtVerifier(options, new ManualTimeProvider(s_now)));

        var good = await authenticator.AuthenticateAsync(ApiKeyAuthenticatorTests.Request(("Authorization", "Bearer " + s_jwt.EdDsa(TestJwt.Claims(s_now)))))
            ;
        var forged = await authenticator.AuthenticateAsync(ApiKeyAuthenticatorTests.Request(("Authorization", "Bearer " + TestJwt.Unsigned(TestJwt.Claims(s_now)))))
            ;
        var key = await authenticator.AuthenticateAsync(ApiKeyAuthenticatorTests.Request(("Authorization", "Bearer key-one")));

        Assert.Equal(new AuthResult(true, "user-123", "token", "sub:user-123"), good);
        Assert.False(forged.Authorized);
        Assert.Equal((true, (string?)null, "key 1"), (key.Authorized, key.Subject, key.Credential));
        Assert.StartsWith("key:", key.Caller, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public void Validator_RejectsUnusableKeys(string pem) =>
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions { JwtPublicKeys = pem }).Failed);

    [Fact]
    public void Validator_RejectsWeakRsaKeys()
    {
        using var weak = RSA.Create(1024);
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions { JwtPublicKeys = weak.ExportSubjectPublicKeyInfoPem() }).Failed);
    }

    [Fact]
    public void Validator_AcceptsPemWithEscapedNewlinesFromAnEnvFile() =>
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions { JwtPublicKeys = s_jwt.Ed25519PublicPem.Replace("\n", "\\n") }).Succeeded);
}
