using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Input files sit in RAM (the job's tmpfs) and are charged to the service, not to the job: too many or too large per
/// run are refused with 413, and all runs together never hold more than the input budget in their work dirs.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class InputAttackTests(BudgetFixture fixture, ITestOutputHelper output) : BudgetTest(fixture, output)
{
    private const long MiB = 1024 * 1024;

    [SandboxFact]
    public async Task Exec_MoreOrLargerInputsThanOneRunMayMount_Are413()
    {
        var small = new List<(string, string, string)>();
        for (var i = 0; i <= BudgetFixture.MaxInputFiles; i++)
        {
            small.Add(await UploadOkAsync(NewUser(), $"small{i}.bin", RandomNumberGenerator.GetBytes(1024)));
        }
        var large = new[]
        {
            await UploadOkAsync(NewUser(), "large0.bin", RandomNumberGenerator.GetBytes((int)(2 * MiB))),
            await UploadOkAsync(NewUser(), "large1.bin", RandomNumberGenerator.GetBytes((int)(2 * MiB))),
        };

        await AssertTooLargeAsync(ExecAs("hoarder", "bash", "ls /mnt/data", [.. small]), $"at most {BudgetFixture.MaxInputFiles} can be mounted");
        await AssertTooLargeAsync(ExecAs("hoarder", "bash", "ls /mnt/data", large), $"at most {BudgetFixture.MaxInputMb} MiB");
        // At the caps, the same inputs run.
        (await Client.ExecAsync(ExecAs("hoarder", "bash", "ls /mnt/data | wc -l", [.. small.Take(BudgetFixture.MaxInputFiles)]))).AssertRan("3\n");
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_InputsBeyondTheServiceBudget_WaitTheirTurnAndTheJobTmpfsNeverHoldsMore()
    {
        // Two runs of 3 MiB of inputs each (the per-run cap), against a budget of 4 MiB: one must wait for the other.
        var perRun = BudgetFixture.MaxInputMb * MiB;
        var runs = new List<(string, string, string)[]>();
        foreach (var run in new[] { "a", "b" })
        {
            runs.Add([
                await UploadOkAsync(NewUser(), $"{run}0.bin", RandomNumberGenerator.GetBytes((int)(perRun / 2))),
                await UploadOkAsync(NewUser(), $"{run}1.bin", RandomNumberGenerator.GetBytes((int)(perRun / 2))),
            ]);
        }
        const string Program = "sleep 3; cat /mnt/data/*.bin | wc -c";

        var replies = runs.Select(files => Client.ExecAsync(ExecAs("reader-" + NewUser(), "bash", Program, files))).ToList();
        long mostHeld = 0;
        var sawOneRunningOneWaiting = false;
        while (!replies.TrueForAll(r => r.IsCompleted))
        {
            mostHeld = Math.Max(mostHeld, JobTmpfsBytesUsed());
            sawOneRunningOneWaiting |= await AdmissionAsync() == (1, 1);
            await Task.Delay(20);
        }

        foreach (var reply in await Task.WhenAll(replies))
        {
            reply.AssertRan($"{perRun}\n");
        }
        Output.WriteLine($"most input bytes held in job work dirs at once: {mostHeld} (budget {BudgetFixture.InputBudgetMb * MiB})");
        Assert.True(mostHeld <= BudgetFixture.InputBudgetMb * MiB,
            $"the jobs' work dirs held {mostHeld} bytes at once, over the input budget of {BudgetFixture.InputBudgetMb} MiB");
        Assert.True(mostHeld >= perRun, $"no work dir was ever seen holding a run's inputs ({mostHeld} bytes): the sampling saw nothing");
        Assert.True(sawOneRunningOneWaiting, "/health never showed one run holding the budget and the other waiting in the queue");
        await AssertAftermathAsync();
    }

    private async Task AssertTooLargeAsync(JsonObject body, string why)
    {
        using var response = await Client.PostExecAsync(body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"POST /exec: {(int)response.StatusCode} {json}");
        var error = JsonNode.Parse(json)!;
        Assert.Equal("Input files too large", error.Str("error"));
        Assert.Contains(why, error.Str("message"), StringComparison.Ordinal);
    }

    /// <summary>Bytes in use, now, in every job work dir tmpfs of the instance (as the host's statfs sees them).</summary>
    private long JobTmpfsBytesUsed()
    {
        var jobs = Path.Combine(Service.DataDir, "jobs") + "/";
        long used = 0;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var type = fields[Array.IndexOf(fields, "-") + 1];
            if (type == "tmpfs" && fields[4].StartsWith(jobs, StringComparison.Ordinal) && fields[4].EndsWith("/work", StringComparison.Ordinal))
            {
                try
                {
                    var drive = new DriveInfo(fields[4]);
                    used += drive.TotalSize - drive.TotalFreeSpace;
                }
                catch (IOException)
                {
                    // unmounted while we looked
                }
            }
        }
        return used;
    }

    private static string NewUser() => "user-" + Guid.NewGuid().ToString("N")[..12];
}
