using System.Text;
using CodeInterpreter.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Api;

public sealed class ApiKeyAuthenticatorTests
{
    private static readonly ApiKeyAuthenticator s_twoKeys = Create(new AuthOptions { ApiKeys = ["key-one", "key-two"] });

    private static ApiKeyAuthenticator Create(AuthOptions options) => new(Options.Create(options));

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        return context.Request;
    }

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public void NoKey_IsRefused() => Assert.False(s_twoKeys.IsAuthorized(Request()));

    [Theory]
    [InlineData("key-one", true)]
    [InlineData("key-two", true)]
    [InlineData("key-three", false)]
    [InlineData("", false)]
    [InlineData("KEY-ONE", false)]
    public void XApiKey_MatchesAnyConfiguredKey(string key, bool ok) => Assert.Equal(ok, s_twoKeys.IsAuthorized(Request(("X-API-Key", key))));

    [Theory]
    [InlineData("key-one:", true)]
    [InlineData(":key-two", true)]
    [InlineData("key-one", true)]
    [InlineData("nope:", false)]
    public void Basic_TakesTheKeyFromTheUserPart(string credentials, bool ok) =>
        Assert.Equal(ok, s_twoKeys.IsAuthorized(Request(("Authorization", Basic(credentials)))));

    [Fact]
    public void XApiKey_DecidesAlone_AWrongOneNeverFallsBackToBasic() =>
        Assert.False(s_twoKeys.IsAuthorized(Request(("X-API-Key", "wrong"), ("Authorization", Basic("key-one:")))));

    [Fact]
    public void Bearer_WithAKey_IsAccepted() => Assert.True(s_twoKeys.IsAuthorized(Request(("Authorization", "Bearer key-two"))));

    [Fact]
    public void MalformedBasic_IsRefused() => Assert.False(s_twoKeys.IsAuthorized(Request(("Authorization", "Basic %%%"))));

    [Fact]
    public void NoConfiguredKey_FallsBackToTheSeedDefault()
    {
        var options = new AuthOptions();
        Assert.True(options.UsesDefaultKey);
        Assert.True(Create(options).IsAuthorized(Request(("X-API-Key", AuthOptions.DefaultKey))));
    }

    [Fact]
    public void Disabled_LetsEverythingThrough() => Assert.True(Create(new AuthOptions { Disabled = true }).IsAuthorized(Request()));
}
