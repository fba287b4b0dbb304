using System.Diagnostics;
using CodeInterpreter.IntegrationTests.Languages;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Compiles that are abandoned or never end: they hold admission slots and sandbox uids like runs, die with the last
/// request that waits for them, and a compile killed at the compile timeout is remembered, not compiled again.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class CompileAttackTests(BudgetFixture fixture, ITestOutputHelper output) : BudgetTest(fixture, output)
{
    private const int Abandoned = BudgetFixture.Slots + 2;

    [SandboxFact]
    public async Task Exec_AbandonedSlowCompiles_AreKilledAndAnotherUserIsServedAtOnce()
    {
        await LanguageAvailability.RequireAsync(Client, "cpp");
        using var leaving = Service.CreateClient(Service.Keys[0]);
        using var gone = new CancellationTokenSource();
        var cacheBefore = await CacheCounters.ReadAsync(Client);
        var requests = Enumerable.Range(0, Abandoned)
            .Select(i => PostUntilCancelledAsync(leaving, ExecAs($"compiler-{i}", "cpp", SlowCompile()), gone.Token)).ToList();

        // Both slots compile and the other requests wait: /health counts the compiles like runs.
        var sinceFirstCompiler = await WaitForCompilersAsync(BudgetFixture.Slots);
        Assert.Equal((BudgetFixture.Slots, Abandoned - BudgetFixture.Slots), await AdmissionAsync());

        await gone.CancelAsync();
        await Task.WhenAll(requests);

        // Every client left: the compilers die, and never run while /health shows nothing running.
        var sinceCancel = Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            var still = Compilers();
            var admission = await AdmissionAsync();
            Assert.False(admission == (0, 0) && still.Count > 0,
                $"compilers run while /health shows no execution running or queued:\n{HostProcess.Header}\n{string.Join('\n', still)}");
            return still.Count == 0;
        }, TimeSpan.FromSeconds(60), "the abandoned compilers to die");
        Output.WriteLine($"compilers gone {sinceCancel.ElapsedMilliseconds} ms after the clients left");

        // They were cancelled, not ended by the compile timeout: a compile killed at the timeout is cached as a failure,
        // a cancelled one leaves nothing behind.
        var cacheAfter = await CacheCounters.ReadAsync(Client);
        Assert.Equal(cacheBefore.Entries, cacheAfter.Entries);

        // Another user's request is served, and nothing is left running or queued.
        var echo = await Client.ExecAsync(ExecAs("bystander", "bash", "echo served"));
        echo.AssertRan("served\n");
        Assert.Equal((0, 0), await AdmissionAsync());
        Output.WriteLine($"another user's echo served {sinceFirstCompiler.Elapsed.TotalSeconds:0.0} s after the first abandoned compiler started");
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_CompileThatTimesOut_IsRememberedAndSubmittingItAgainCompilesNothing()
    {
        await LanguageAvailability.RequireAsync(Client, "cpp");
        var body = ExecAs("patient-user", "cpp", SlowCompile());
        var before = await CacheCounters.ReadAsync(Client);

        var first = await Client.ExecAsync(body);
        var afterFirst = await CacheCounters.ReadAsync(Client);
        var second = await Client.ExecAsync(body);
        var afterSecond = await CacheCounters.ReadAsync(Client);

        Output.WriteLine($"first: {first["run"]?.ToJsonString()}\nsecond: {second["run"]?.ToJsonString()}");
        Assert.Equal("CE", first.Str("status"));
        Assert.Contains("Compilation timed out after ", first.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal(before.Compiles + 1, afterFirst.Compiles);
        Assert.Equal("CE", second.Str("status"));
        Assert.Equal(first.Str("stderr"), second.Str("stderr"));
        Assert.Equal(afterFirst.Compiles, afterSecond.Compiles);
        Assert.Equal(afterFirst.Hits + 1, afterSecond.Hits);
        await AssertAftermathAsync();
    }

    private static string SlowCompile() =>
        HostilePrograms.Load("compile/slow_compile.cpp", new Dictionary<string, string> { ["TAG"] = Guid.NewGuid().ToString("N") }).Code;

    private static List<HostProcess> Compilers() => [.. SandboxProcesses().Where(p => p.Name == "cc1plus")];

    /// <summary>Polls the host's process table until <paramref name="count"/> compilers run; a clock started then.</summary>
    private static async Task<Stopwatch> WaitForCompilersAsync(int count)
    {
        var waited = Stopwatch.StartNew();
        Stopwatch? sinceFirst = null;
        while (Compilers() is var running && running.Count < count)
        {
            if (running.Count > 0)
            {
                sinceFirst ??= Stopwatch.StartNew();
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"{running.Count} of {count} compilers started within 60 s");
            await Task.Delay(20);
        }
        return sinceFirst ?? Stopwatch.StartNew();
    }

    /// <summary>POST /exec from a client that leaves when <paramref name="leave"/> fires; an answer before that is a failure.</summary>
    private static async Task PostUntilCancelledAsync(HttpClient client, JsonObject body, CancellationToken leave)
    {
        try
        {
            using var response = await client.PostAsync("exec", JsonContent.Create(body), leave);
            Assert.Fail($"answered {(int)response.StatusCode} before its client left: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested)
        {
        }
    }
}
