using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Base of the attack tests. Each test runs one attack through the real API and sandbox, asserts the attack's stated
/// failure, then <see cref="AssertAftermathAsync"/>: no process of the sandbox uids survives, the service still runs
/// the next request, and the canary uploaded at the start is still there byte for byte with the same etag.
/// </summary>
public abstract class HostileTest(HostileFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    protected HostileFixture Hostile => fixture;

    /// <summary>POST /exec with the program from Hostile/Programs; asserts 200 and returns the reply.</summary>
    protected async Task<JsonObject> AttackAsync(string program, int? timeoutMs = null, Action<JsonObject>? customize = null,
        IReadOnlyDictionary<string, string>? placeholders = null)
    {
        var body = Body(program, timeoutMs, placeholders);
        customize?.Invoke(body);
        var clock = Stopwatch.StartNew();
        var reply = await Client.ExecAsync(body);
        Output.WriteLine(AttackLog.Describe(program, clock.Elapsed, reply));
        return reply;
    }

    protected JsonObject Body(string program, int? timeoutMs = null, IReadOnlyDictionary<string, string>? placeholders = null)
    {
        var all = new Dictionary<string, string>(Hostile.Placeholders);
        foreach (var (name, value) in placeholders ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }
        var (lang, code) = HostilePrograms.Load(program, all);
        var body = ServiceApi.ExecBody(lang, code);
        if (timeoutMs is { } ms)
        {
            body["timeout"] = ms;
        }
        return body;
    }

    /// <summary>Nothing of the attack lives on, the next run works, no stored file was lost or altered.</summary>
    protected async Task AssertAftermathAsync()
    {
        await HostProcess.AssertNoneLeftOfUidsAsync(HostileFixture.UidBase, HostileFixture.UidSlots, TimeSpan.FromSeconds(5));
        await Client.AssertStillServingAsync();
        await Hostile.Canary.AssertIntactAsync(Client);
    }

    protected static string Names(JsonObject reply) => string.Join(", ", reply.Files().Select(f => f.Str("name")));
}
