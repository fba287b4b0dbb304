
namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Credential guessing and forged Gen C tokens, through the real service. Each test speaks from its own loopback
/// address (127.0.0.2, 127.0.0.3), so the per-address lockout it provokes cannot touch the other tests.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class AuthAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [Fact]
    public async Task RepeatedFailedAuthFromOneAddress_IsRateLimitedThereOnly()
    {
        using var attacker = ClientFrom("127.0.0.2", "wrong-key");
        for (var i = 0; i < HostileFixture.AuthFailuresPerMinute; i++)
        {
            using var failed = await attacker.GetAsync("files/aaaaaaaaaaaaaaaaaaaaa");
            await failed.AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        using var locked = await attacker.GetAsync("files/aaaaaaaaaaaaaaaaaaaaa");
        using var goodKey = ClientFrom("127.0.0.2", Service.Keys[0]);

        var body = await locked.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", body.Str("error"));
        Assert.InRange(body.Num("retry_after_seconds"), 1, 60);
        Assert.NotNull(locked.Headers.RetryAfter?.Delta);
        // The right key from the locked address still works: the lockout never refuses valid credentials.
        (await goodKey.GetJsonAsync("files/aaaaaaaaaaaaaaaaaaaaa")).AsArray();
        // LibreChat, on its own address, never notices.
        (await Client.GetJsonAsync("files/aaaaaaaaaaaaaaaaaaaaa")).AsArray();
        await Hostile.Canary.AssertIntactAsync(Client);
    }

    [Fact]
    public async Task BehindATrustedProxy_TheLockoutHitsTheForwardedClient_AndOthersCannotForgeTheHeader()
    {
        using var viaProxy = ClientFrom(HostileFixture.TrustedProxy, "wrong-key");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        for (var i = 0; i <= HostileFixture.AuthFailuresPerMinute; i++)
        {
            using var failed = await viaProxy.GetAsync("files/aaaaaaaaaaaaaaaaaaaaa");
            Assert.Equal(i < HostileFixture.AuthFailuresPerMinute ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, failed.StatusCode);
        }
        // Another client behind the same balancer is not locked out with the guesser.
        using var neighbour = ClientFrom(HostileFixture.TrustedProxy, Service.Keys[0]);
        neighbour.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.8");
        (await neighbour.GetJsonAsync("files/aaaaaaaaaaaaaaaaaaaaa")).AsArray();

        // A client that is no trusted proxy cannot escape its own lockout by inventing forwarded addresses.
        for (var i = 0; i < HostileFixture.AuthFailuresPerMinute; i++)
        {
            using var forger = ClientFrom("127.0.0.5", "wrong-key");
            forger.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var failed = await forger.GetAsync("files/aaaaaaaaaaaaaaaaaaaaa");
            await failed.AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
        using var forgerAgain = ClientFrom("127.0.0.5", "wrong-key");
        forgerAgain.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.200");
        using var locked = await forgerAgain.GetAsync("files/aaaaaaaaaaaaaaaaaaaaa");
        await locked.AssertErrorAsync(HttpStatusCode.TooManyRequests);
    }

    [SandboxFact]
    public async Task GenCBearerTokens_GoodOnesRunAndForgedOnesAreRefused()
    {
        var now = DateTimeOffset.UtcNow;
        var good = new[] { Hostile.Jwt.EdDsa(TestJwt.Claims(now)), Hostile.Jwt.Rs256(TestJwt.Claims(now)) };
        var forged = new[]
        {
            TestJwt.EdDsaWith(TestJwt.NewEd25519(), TestJwt.Claims(now)),
            Hostile.Jwt.EdDsa(TestJwt.Claims(now.AddSeconds(-600))),
            Hostile.Jwt.EdDsa(TestJwt.Claims(now, audience: "someone-else")),
            Hostile.Jwt.EdDsa(TestJwt.Claims(now, lifetimeSeconds: 86400)),
            Hostile.Jwt.Hs256WithPublicKey(TestJwt.Claims(now)),
        };
        foreach (var token in good)
        {
            using var client = ClientFrom("127.0.0.3", apiKey: null, bearer: token);
            (await client.ExecAsync("bash", "echo token ok")).AssertRan("token ok\n");
        }
        foreach (var token in forged)
        {
            using var client = ClientFrom("127.0.0.3", apiKey: null, bearer: token);
            using var response = await client.PostExecAsync(ServiceApi.ExecBody("bash", "echo should not run"));
            await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
        await AssertAftermathAsync();
    }

    private HttpClient ClientFrom(string localAddress, string? apiKey, string? bearer = null) =>
        LoopbackClients.From(Service.BaseAddress, localAddress, apiKey, bearer);
}
