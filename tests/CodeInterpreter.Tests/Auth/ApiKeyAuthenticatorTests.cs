using System.Text;
using CodeInterpreter.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Auth;

public sealed class ApiKeyAuthenticatorTests
{
    private static readonly ApiKeyAuthenticator s_twoKeys = Create(new AuthOptions { ApiKeys = ["key-one", "key-two"] });

    private static ApiKeyAuthenticator Create(AuthOptions options) => new(Options.Create(options));

    internal static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        return context.Request;
    }

    private static bool Authorized(ApiKeyAuthenticator authenticator, params (string Name, string Value)[] headers) =>
        authenticator.AuthenticateAsync(Request(headers)).AsTask().GetAwaiter().GetResult().Authorized;

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public void NoKey_IsRefused() => Assert.False(Authorized(s_twoKeys));

    [Theory]
    [InlineData("key-one", "key 1")]
    [InlineData("key-two", "key 2")]
    public async Task AcceptedKey_NamesWhichKeyItIs_NeverTheKeyItself(string key, string credential)
    {
        var result = await s_twoKeys.AuthenticateAsync(Request(("X-API-Key", key)));
        Assert.Equal(credential, result.Credential);
    }

    [Theory]
    [InlineData("key-one", true)]
    [InlineData("key-two", true)]
    [InlineData("key-three", false)]
    [InlineData("", false)]
    [InlineData("KEY-ONE", false)]
    public void XApiKey_MatchesAnyConfiguredKey(string key, bool ok) => Assert.Equal(ok, Authorized(s_twoKeys, ("X-API-Key", key)));

    [Theory]
    [InlineData("key-one:", true)]
    [InlineData(":key-two", true)]
    [InlineData("key-one", true)]
    [InlineData("nope:", false)]
    public void Basic_TakesTheKeyFromTheUserPart(string credentials, bool ok) =>
        Assert.Equal(ok, Authorized(s_twoKeys, ("Authorization", Basic(credentials))));

    [Fact]
    public void XApiKey_DecidesAlone_AWrongOneNeverFallsBackToBasic() =>
        Assert.False(Authorized(s_twoKeys, ("X-API-Key", "wrong"), ("Authorization", Basic("key-one:"))));

    [Fact]
    public void Bearer_WithAKey_IsAccepted() => Assert.True(Authorized(s_twoKeys, ("Authorization", "Bearer key-two")));

    [Fact]
    public void MalformedBasic_IsRefused() => Assert.False(Authorized(s_twoKeys, ("Authorization", "Basic %%%")));

    [Fact]
    public void NoConfiguredKey_FallsBackToTheDefaultKey()
    {
        var options = new AuthOptions();
        Assert.True(options.UsesDefaultKey);
        Assert.True(Authorized(Create(options), ("X-API-Key", AuthOptions.DefaultKey)));
    }

    [Fact]
    public void OnlyJwtKeysConfigured_TheDefaultKeyIsNotAccepted()
    {
        var options = new AuthOptions { JwtPublicKeys = TestJwt.PublicPem(TestJwt.NewEd25519().GeneratePublicKey()) };

        Assert.False(options.UsesDefaultKey);
        Assert.False(Authorized(Create(options), ("X-API-Key", AuthOptions.DefaultKey)));
    }

    [Fact]
    public void Disabled_LetsEverythingThrough() => Assert.True(Authorized(Create(new AuthOptions { Disabled = true })));
}
