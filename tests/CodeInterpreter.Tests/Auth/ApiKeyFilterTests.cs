using System.Net;
using CodeInterpreter.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Auth;

public sealed class ApiKeyFilterTests
{
    private static readonly IOptions<AuthOptions> s_options = Options.Create(new AuthOptions { ApiKeys = ["right"], FailuresPerAddressPerMinute = 2 });

    [Fact]
    public async Task ALockedAddress_GetsTheRightKeyThrough_AndWrongOnes429()
    {
        using var throttle = new FailedAuthThrottle(s_options);
        var filter = new ApiKeyFilter(new ApiKeyAuthenticator(s_options), throttle);

        Assert.Equal(401, await StatusAsync(filter, "wrong"));
        Assert.Equal(401, await StatusAsync(filter, "wrong"));
        Assert.Equal(429, await StatusAsync(filter, "wrong"));

        Assert.Equal(200, await StatusAsync(filter, "right"));
        Assert.Equal(429, await StatusAsync(filter, "wrong"));
    }

    private static async Task<int> StatusAsync(ApiKeyFilter filter, string key)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        http.Request.Headers["X-API-Key"] = key;
        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>(TypedResults.Ok()));
        return ((IStatusCodeHttpResult)result!).StatusCode ?? 0;
    }
}
