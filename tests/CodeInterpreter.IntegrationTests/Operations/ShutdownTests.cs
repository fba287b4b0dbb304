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
            await WaitForRunningAsync(client, 2);

            await service.SignalAsync("TERM");

            using (var refused = await client.PostExecAsync(ServiceApi.ExecBody("py", "print(1)")))
            {
                var body = await refused.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
                Assert.Equal("Shutting down", body.Str("error"));
            }
            using (var health = await anonymous.GetAsync("health"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.Equal("draining", JsonNode.Parse(await health.Content.ReadAsStringAsync()).Str("status"));
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
            Assert.Equal(0, LiveProcessesOfUids(service.UidBase, 2));
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }

    /// <summary>Polls the running count, one of the details /health shows only with the key.</summary>
    private static async Task WaitForRunningAsync(HttpClient keyed, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await keyed.GetJsonAsync("health"))["executions"]!.Num("running") != expected)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Live (not zombie) host processes running as one of the instance's sandbox uids.</summary>
    private static int LiveProcessesOfUids(int uidBase, int slots) =>
        Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Count(d =>
        {
            try
            {
                var status = File.ReadAllLines(Path.Combine(d, "status"));
                var uid = int.Parse(status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1],
                    System.Globalization.CultureInfo.InvariantCulture);
                var zombie = status.Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
                return !zombie && uid >= uidBase && uid < uidBase + slots;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return false;
            }
        });
}
