namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>A crash (kill -9) mid-run leaves a mounted job dir and job cgroups; the next start removes them and keeps stored files.</summary>
public sealed class RecoveryTests(ITestOutputHelper output)
{
    [SandboxFact]
    public async Task KillMinus9_MidRun_NextStartRemovesLeftovers_AndKeepsStoredFiles()
    {
        await using var service = new ServiceProcess();
        await service.StartAsync();
        var leftovers = new SandboxLeftovers(service.DataDir);
        try
        {
            using (var client = service.CreateClient(service.Keys[0]))
            {
                var upload = await client.UploadAsync("kept.csv", "a,b\n1,2\n");
                var (sid, fid) = (upload.Str("session_id"), upload.Files()[0].Str("fileId"));
                var running = client.PostExecAsync(ServiceApi.ExecBody("bash", "sleep 60"));
                await Poll.UntilAsync(() => leftovers.Mounts().Count > 0 && leftovers.JobCgroups().Count > 0, TimeSpan.FromSeconds(30),
                    "the running job's mount and cgroups");

                await service.SignalAsync("KILL");
                Assert.Equal(137, await service.WaitForExitAsync(TimeSpan.FromSeconds(10)));
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => running);

                // The crash really left something behind, or this test would prove nothing.
                string[] crashed = [.. leftovers.JobDirs(), .. leftovers.Mounts(), .. leftovers.JobCgroups()];
                Assert.True(leftovers.JobDirs().Count > 0 && leftovers.Mounts().Count > 0 && leftovers.JobCgroups().Count > 0,
                    leftovers.Describe());

                await service.RestartAsync();

                // The new process may already have sandboxes of its own (a warm pool): none of the old ones may remain.
                string[] now = [.. leftovers.JobDirs(), .. leftovers.Mounts(), .. leftovers.JobCgroups()];
                Assert.True(!crashed.Intersect(now).Any(), $"left behind by the crash and still there: {string.Join(", ", crashed.Intersect(now))}");
                using var after = service.CreateClient(service.Keys[0]);
                Assert.Equal("a,b\n1,2\n"u8.ToArray(), await after.DownloadAsync(sid, fid));
                await after.AssertStillServingAsync();
            }
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }
}
