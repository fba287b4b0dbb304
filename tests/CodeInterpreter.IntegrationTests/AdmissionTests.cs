namespace CodeInterpreter.IntegrationTests;

/// <summary>Admission on the one-slot, no-queue instance: 429 when full, and a client that leaves frees its slot.</summary>
[Collection(LimitsCollection.Name)]
public sealed class AdmissionTests(LimitsFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [SandboxFact]
    public async Task Exec_WhenTheOnlySlotIsBusy_Is429WithRetryAfter()
    {
        // The slot is held until the test lets go (the client leaves), not for a time a slow machine could outrun.
        using var hold = new CancellationTokenSource();
        var busy = Client.PostAsJsonAsync("exec", ServiceApi.ExecBody("py", "import time; time.sleep(60)"), hold.Token);
        await Client.WaitForRunningAsync(1);

        using var refused = await Client.PostExecAsync(ServiceApi.ExecBody("py", "print(1)"));

        var body = await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", body.Str("error"));
        Assert.True(body.Num("retry_after_seconds") >= 1);
        Assert.Equal(body.Num("retry_after_seconds"), (long?)refused.Headers.RetryAfter?.Delta?.TotalSeconds);
        Assert.False(busy.IsCompleted, "the run holding the slot ended before the refusal was checked");
        await hold.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => busy);
        await Client.WaitForRunningAsync(0);
        await Client.AssertStillServingAsync();
    }

    [SandboxFact]
    public async Task Exec_ClientDisconnects_RunIsKilledAndSlotFreed()
    {
        using var cts = new CancellationTokenSource();
        var abandoned = Client.PostAsJsonAsync("exec", ServiceApi.ExecBody("py", "import time; time.sleep(60)"), cts.Token);
        await Client.WaitForRunningAsync(1);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        // A 60 s sleep holding the only slot would block this for a minute; the kill frees it at once.
        await Client.WaitForRunningAsync(0);
        await Client.AssertStillServingAsync();
    }
}
