namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class ConcurrencyTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const int Parallel = 6;

    [SandboxFact]
    public async Task Exec_SixConcurrentRuns_SucceedOrAreRateLimitedNeverFail()
    {
        var runs = Enumerable.Range(0, Parallel)
            .Select(i => Client.PostExecAsync(ServiceApi.ExecBody("py", $"import time; time.sleep(1); print({i})")));

        var responses = await Task.WhenAll(runs);

        var succeeded = 0;
        for (var i = 0; i < Parallel; i++)
        {
            using var response = responses[i];
            var json = await response.Content.ReadAsStringAsync();
            var body = JsonNode.Parse(json)!.AsObject();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("rate_limited", body.Str("error"));
                Assert.True(body.Num("retry_after_seconds") >= 1, json);
                Assert.Equal(body.Num("retry_after_seconds"), (long?)response.Headers.RetryAfter?.Delta?.TotalSeconds);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"run {i}: {(int)response.StatusCode} {json}");
            body.AssertRan($"{i}\n");
            succeeded++;
        }
        Assert.True(succeeded > 0, "every run was rate limited");
        await Client.AssertStillServingAsync();
    }
}
