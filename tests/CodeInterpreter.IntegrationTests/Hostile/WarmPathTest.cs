using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Base of the attacks on the warm path. <see cref="AttackWarmAsync"/> waits for a ready warm sandbox, runs the
/// attack (Python, the warm language) and asserts that the run was served warm. <see cref="AssertAftermathAsync"/>
/// waits for the pool to refill and asserts that the sandbox uids hold only that one idle warm sandbox, that the next
/// request runs, and that the canary is intact.
/// </summary>
public abstract class WarmPathTest(WarmPathFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(60);

    protected WarmPathFixture Warm => fixture;

    /// <summary>POST /exec with a program from Hostile/Programs on a warm sandbox; asserts 200 and a pool hit.</summary>
    protected async Task<JsonObject> AttackWarmAsync(string program, int? timeoutMs = null,
        IReadOnlyDictionary<string, string>? placeholders = null)
    {
        var (lang, code) = HostilePrograms.Load(program, placeholders ?? new Dictionary<string, string>());
        Assert.Equal("py", lang);
        var body = ServiceApi.ExecBody(lang, code);
        if (timeoutMs is { } ms)
        {
            body["timeout"] = ms;
        }
        await WaitForReadyAsync();
        var hits = (await PoolAsync()).Num("hits");
        var clock = Stopwatch.StartNew();
        var reply = await Client.ExecAsync(body);
        Output.WriteLine(AttackLog.Describe(program, clock.Elapsed, reply));
        Assert.True(hits + 1 == (await PoolAsync()).Num("hits"), $"{program} did not run on a warm sandbox");
        return reply;
    }

    /// <summary>
    /// The pool refilled, and the sandbox uids hold exactly its idle sandbox (nothing of the attack lives on); the next
    /// request runs; the canary downloads byte for byte with the same etag.
    /// </summary>
    protected async Task AssertAftermathAsync()
    {
        await WaitForReadyAsync();
        IdleWarmSandbox.AssertOnlyThis(WarmPathFixture.UidBase, WarmPathFixture.Slots, Service.ProcessId);
        await Client.AssertStillServingAsync();
        await Warm.Canary.AssertIntactAsync(Client);
    }

    /// <summary>No API key of the instance anywhere in the reply.</summary>
    protected void AssertNoKeyIn(JsonObject reply)
    {
        var everything = reply.ToJsonString();
        foreach (var key in Service.Keys)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }
    }

    protected async Task<JsonObject> PoolAsync() => (await Client.GetJsonAsync("health"))["warm_pool"]!.AsObject();

    /// <summary>Polls /health until a warm sandbox is ready (py_ready == 1), at most 60 s.</summary>
    protected Task WaitForReadyAsync() =>
        Poll.UntilAsync(PoolAsync, pool => pool.Num("py_ready") >= WarmPathFixture.PoolSize, s_readyTimeout, "a ready warm sandbox");
}
