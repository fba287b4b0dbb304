namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// <c>X-Forwarded-For</c> against the failed-authentication limit, on an instance with the default trusted proxies
/// (none). Each test speaks from loopback addresses of its own, so the lockouts it provokes touch nothing else.
/// </summary>
[Collection(ClientAddressCollection.Name)]
public sealed class ForwardedForAttackTests(ClientAddressFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const string Route = "files/aaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task RotatingForwardedFor_DoesNotEscapeTheFailedAuthLimit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ClientAddressFixture.AuthFailuresPerMinute; i++)
        {
            using var guesser = LoopbackClients.From(Service.BaseAddress, "127.0.0.10", "wrong-key");
            guesser.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await guesser.GetAsync(Route);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, ClientAddressFixture.AuthFailuresPerMinute), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task WrongKeysClaimingTheVictimsAddress_DoNotLockTheVictimOut()
    {
        for (var i = 0; i <= ClientAddressFixture.AuthFailuresPerMinute; i++)
        {
            using var attacker = LoopbackClients.From(Service.BaseAddress, "127.0.0.11", "wrong-key");
            attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.12");
            using var _ = await attacker.GetAsync(Route);
        }

        using var victim = LoopbackClients.From(Service.BaseAddress, "127.0.0.12", Service.Keys[0]);
        using var wrongFromVictim = LoopbackClients.From(Service.BaseAddress, "127.0.0.12", "wrong-key");

        (await victim.GetJsonAsync(Route)).AsArray();
        await (await wrongFromVictim.GetAsync(Route)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [SandboxFact]
    public async Task ALockedAddress_IsRefusedWrongKeys_ButNeverTheRightOne()
    {
        using var guesser = LoopbackClients.From(Service.BaseAddress, "127.0.0.13", "wrong-key");
        for (var i = 0; i < ClientAddressFixture.AuthFailuresPerMinute; i++)
        {
            await (await guesser.GetAsync(Route)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
        var locked = await (await guesser.GetAsync(Route)).AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", locked.Str("error"));

        // LibreChat behind the same address (a NAT, a proxy left off the list) keeps working.
        using var rightKey = LoopbackClients.From(Service.BaseAddress, "127.0.0.13", Service.Keys[1]);
        (await rightKey.GetJsonAsync(Route)).AsArray();
        (await rightKey.ExecAsync("bash", "echo still mine")).AssertRan("still mine\n");
    }
}
