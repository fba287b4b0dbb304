namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>SIGTERM (docker stop, systemctl stop): refuse new work with 503, let runs finish up to the deadline, kill the rest, clean up.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const int DeadlineSeconds = 3;

    [SandboxFact]
    public async Task Sigterm_RefusesNewRuns_FinishesShortOnes_KillsLongOnes_AndLeavesNothing()
    {
        await using var service = new ServiceProcess(new Dictionary<string, string>
        {
            ["CODE_SHUTDOWN_TIMEOUT_SECONDS"] = $"{DeadlineSeconds}",
            ["CODE_MAX_CONCURRENCY"] = "2",
        });
        await service.StartAsync();
        try
        {
            using var client = service.CreateClient(service.Keys[0]);
            using var anonymous = service.CreateClient(apiKey: null);
            var shortRun = client.PostExecAsync(ServiceApi.ExecBody("bash", "sleep 1; echo finished"));
            var longRun = client.PostExecAsync(ServiceApi.ExecBody("bash", "sleep 60; echo never"));
            await client.WaitForRunningAsync(2);

            await service.SignalAsync("TERM");

            // kill(1) returns before the service has handled the signal: wait for it to say it drains.
            await Poll.UntilAsync(() => StatusAsync(anonymous), health => health == (HttpStatusCode.ServiceUnavailable, "draining"),
                TimeSpan.FromSeconds(30), "GET /health to answer 503 draining");
            using (var refused = await client.PostExecAsync(ServiceApi.ExecBody("py", "print(1)")))
            {
                var body = await refused.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
                Assert.Equal("Shutting down", body.Str("error"));
            }
            using (var finished = await shortRun)
            {
                Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
                Assert.Equal("finished\n", JsonNode.Parse(await finished.Content.ReadAsStringAsync()).Str("stdout"));
            }
            using (var killed = await longRun)
            {
                Assert.Equal("Shutting down", (await killed.AssertErrorAsync(HttpStatusCode.ServiceUnavailable)).Str("error"));
            }
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));

            var leftovers = new SandboxLeftovers(service.DataDir);
            Assert.True(leftovers.JobDirs().Count == 0 && leftovers.Mounts().Count == 0 && leftovers.JobCgroups().Count == 0, leftovers.Describe());
            await HostProcess.AssertNoneLeftOfUidsAsync(service.UidBase, ServiceProcess.UidRange, TimeSpan.FromSeconds(10));
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }

    private static async Task<(HttpStatusCode, string)> StatusAsync(HttpClient anonymous)
    {
        using var health = await anonymous.GetAsync("health");
        return (health.StatusCode, JsonNode.Parse(await health.Content.ReadAsStringAsync()).Str("status"));
    }
}
