using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Odd values in every field of every route (<see cref="FuzzCases"/>): never a 5xx (no store or sandbox is
/// unavailable here, so not even the contract's 503s), and nothing in the log that looks like a crash.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class RouteFuzzTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task EveryRoute_OddValuesInEveryField_AreNeverA5xx_AndLogNoStackTrace()
    {
        var mark = Service.LogMark;
        using var keyed = FuzzClient(Service.Keys[0], "127.0.0.1");
        // Wrong credentials lock their address: they come from one of their own.
        using var anonymous = FuzzClient(apiKey: null, "127.0.0.20");
        var canary = Hostile.Canary;
        var cases = FuzzCases.Exec(canary.SessionId, canary.FileId).Concat(FuzzCases.Upload()).Concat(FuzzCases.Reads(canary.SessionId))
            .Select(c => (Client: keyed, Case: c))
            .Concat(FuzzCases.Credentials(Hostile.Jwt).Select(c => (Client: anonymous, Case: c)))
            .ToList();
        var clock = Stopwatch.StartNew();

        var results = new List<(string Label, int Status, string Body)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (item, cancellationToken) =>
        {
            var result = await SendAsync(item.Client, item.Case);
            lock (results)
            {
                results.Add(result);
            }
        });

        Output.WriteLine($"{results.Count} odd requests in {clock.Elapsed.TotalSeconds:0.0} s: "
            + string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {(g.Key == 0 ? "closed" : g.Key)}")));
        var serverErrors = results.Where(r => r.Status >= 500).Select(r => $"{r.Status} for {r.Label}: {r.Body}").ToList();
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} server errors:\n{string.Join('\n', serverErrors.Take(30))}");
        ServiceLog.AssertNoStackTrace(Service.LogSince(mark));
        await AssertAftermathAsync();
    }

    /// <summary>The status, or 0 when the server closed the connection instead of answering (a refused body, a bad request line).</summary>
    private static async Task<(string Label, int Status, string Body)> SendAsync(HttpClient client, FuzzCase fuzz)
    {
        try
        {
            using var request = fuzz.Build();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (fuzz.Label, (int)response.StatusCode, body.Length <= 300 ? body : body[..300]);
        }
        catch (HttpRequestException e)
        {
            return (fuzz.Label, 0, e.Message);
        }
    }

    private HttpClient FuzzClient(string? apiKey, string localAddress) => LoopbackClients.From(Service.BaseAddress, localAddress, apiKey);
}
