namespace CodeInterpreter.IntegrationTests;

/// <summary>Admission on the one-slot, no-queue instance: 429 when full, and a client that leaves frees its slot.</summary>
[Collection(LimitsCollection.Name)]
public sealed class AdmissionTests(LimitsFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private async Task<int> RunningAsync() => (int)(await Client.GetJsonAsync("health"))["executions"]!.Num("running");

    private async Task WaitForRunningAsync(int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await RunningAsync() != expected)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [SandboxFact]
    public async Task Exec_WhenTheOnlySlotIsBusy_Is429WithRetryAfter()
    {
        var busy = Client.PostExecAsync(ServiceApi.ExecBody("py", "import time; time.sleep(2); print('done')"));
        await WaitForRunningAsync(1);

        using var refused = await Client.PostExecAsync(ServiceApi.ExecBody("py", "print(1)"));

        var body = await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", body.Str("error"));
        Assert.True(body.Num("retry_after_seconds") >= 1);
        using var first = await busy;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Client.AssertStillServingAsync();
    }

    [SandboxFact]
    public async Task Exec_ClientDisconnects_RunIsKilledAndSlotFreed()
    {
        using var cts = new CancellationTokenSource();
        var abandoned = Client.PostAsJsonAsync("exec", ServiceApi.ExecBody("py", "import time; time.sleep(60)"), cts.Token);
        await WaitForRunningAsync(1);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        // A 60 s sleep holding the only slot would block this for a minute; the kill frees it at once.
        await WaitForRunningAsync(0);
        await Client.AssertStillServingAsync();
    }
}
