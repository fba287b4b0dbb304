using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The hostile suite's attacks on the warm path: each runs in a sandbox started before the request (its runner
/// preloaded numpy, pandas and matplotlib and stopped itself), and each must fail as it does in a cold sandbox and
/// leave nothing behind but the pool's next idle sandbox.
/// </summary>
[Collection(WarmPathCollection.Name)]
public sealed partial class WarmPathAttackTests(WarmPathFixture fixture, ITestOutputHelper output) : WarmPathTest(fixture, output)
{
    private const long MiB = 1024 * 1024;
    private const int OutputCap = WarmPathFixture.OutputLimitKb * 1024;

    [SandboxFact]
    public async Task Warm_DaemonsBySetsidDoubleForkAndNohup_DieWithTheSandbox()
    {
        var reply = await AttackWarmAsync("warm/daemons.py");

        reply.AssertRan("daemons started\n");
        await AssertAftermathAsync();
        Assert.Empty(HostProcess.LiveRunning("sleep 300.10"));
    }

    [SandboxFact]
    public async Task Warm_ForkBomb_IsRefusedAtThePidsLimitAndLeavesNoProcess()
    {
        var attack = AttackWarmAsync("warm/fork_bomb.py");
        var most = 0;
        while (!attack.IsCompleted)
        {
            most = Math.Max(most, HostProcess.LiveOfUids(WarmPathFixture.UidBase, WarmPathFixture.Slots).Count);
            await Task.Delay(20);
        }

        var reply = await attack;
        var refused = ForkRefused().Match(reply.Str("stdout"));
        Assert.True(refused.Success, $"the bomb was not refused a fork: {reply.ToJsonString()}");
        Assert.InRange(int.Parse(refused.Groups[1].Value, CultureInfo.InvariantCulture), 1, WarmPathFixture.MaxProcesses);
        Output.WriteLine($"at most {most} processes of the sandbox uids at once");
        // No warm-up runs beside a run: only the bomb's sandbox (its two bwraps and the pids limit) is on those uids.
        Assert.InRange(most, 1, WarmPathFixture.MaxProcesses + 3);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_MemoryBomb_IsKilledAtTheCgroupLimit()
    {
        var reply = await AttackWarmAsync("resources/memory_bomb.py");

        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("Out of memory", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("SIGKILL", reply["run"]?["signal"]?.GetValue<string>());
        // A warm sandbox's cgroup holds the limit plus the preloaded libraries' allowance.
        Assert.InRange(reply.Num("memory_peak_bytes"), 1, (WarmPathFixture.MemoryMb + WarmPathFixture.PreloadMemoryMb) * MiB);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_CpuSpinPastTheTimeout_IsKilledAtTheWallClock()
    {
        var reply = await AttackWarmAsync("warm/cpu_spin.py");

        Assert.Equal("TO", reply["run"].Str("status"));
        Assert.Contains("timed out", reply.Str("stderr"), StringComparison.OrdinalIgnoreCase);
        Assert.InRange(reply.Num("wall_time_ms"), (WarmPathFixture.TimeoutSeconds * 1000) - 100, (WarmPathFixture.TimeoutSeconds + 5) * 1000);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_StdoutFlood_IsCutAtTheCapAndKilled()
    {
        var reply = await AttackWarmAsync("resources/stdout_flood.py");

        Assert.Equal("OL", reply["run"].Str("status"));
        Assert.True(reply["truncated"]!.GetValue<bool>());
        Assert.InRange(reply.Str("stdout").Length, OutputCap / 2, OutputCap + 1024);
        Assert.Contains("truncated", reply.Str("stderr"), StringComparison.OrdinalIgnoreCase);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_EnvironmentsOfTheHelperTheRunnerAndOsEnviron_HoldNoApiKey()
    {
        var reply = await AttackWarmAsync("warm/environ_keys.py");

        var stdout = reply.Str("stdout");
        Assert.Contains("DONE", stdout, StringComparison.Ordinal);
        // The probes read real environments (the runner's own variables show), and pid 1's is masked.
        Assert.Contains("MPLBACKEND=Agg", stdout, StringComparison.Ordinal);
        Assert.Contains("'MPLBACKEND': 'Agg'", stdout, StringComparison.Ordinal);
        Assert.Contains("/proc/1/environ b''\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CODE_", stdout, StringComparison.Ordinal);
        AssertNoKeyIn(reply);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_ReadingTheRunnersMemoryAndStdin_FindsNoSecretAndNoInput()
    {
        var reply = await AttackWarmAsync("warm/runner_memory_and_stdin.py");

        reply.AssertSelfReportedContained();
        var stdout = reply.Str("stdout");
        Assert.Contains("CONTAINED sys.stdin.read(): ''", stdout, StringComparison.Ordinal);
        Assert.Contains("CONTAINED descriptors: [0, 1, 2]", stdout, StringComparison.Ordinal);
        // The scan was real: the runner's whole memory (the preloaded libraries alone are tens of MiB) was read.
        var scanned = MemoryScanned().Match(stdout);
        Assert.True(scanned.Success, stdout);
        Assert.True(long.Parse(scanned.Groups[1].Value, CultureInfo.InvariantCulture) > 50 * MiB, stdout);
        AssertNoKeyIn(reply);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_FilesLeftInTmpDevShmAndHome_AreGoneInTheNextWarmRun()
    {
        var token = new Dictionary<string, string> { ["TOKEN"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };

        var plant = await AttackWarmAsync("warm/plant.py", placeholders: token);
        plant.AssertRan("planted\n");
        var check = await AttackWarmAsync("warm/check.py", placeholders: token);

        check.AssertSelfReportedContained();
        Assert.Equal(4, check.Str("stdout").Split('\n').Count(line => line.StartsWith("CONTAINED", StringComparison.Ordinal)));
        // The host's side: the warm sandbox's /tmp (also its $HOME) and /dev/shm were its own.
        Assert.DoesNotContain(new[] { "/tmp", "/dev/shm" }.Select(dir => $"{dir}/warm-plant-{token["TOKEN"]}"), File.Exists);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_SymlinksToEtcPasswdInMntData_AreNeitherListedNorServed()
    {
        var reply = await AttackWarmAsync("warm/symlink_passwd.py");

        Assert.Equal(0, reply["run"]?["code"]?.GetValue<int>());
        Assert.Contains("'passwd.csv' skipped: symbolic link", reply.Str("stderr"), StringComparison.Ordinal);
        var sid = reply.Str("session_id");
        var real = reply.FileNamed("real.txt");
        Assert.Single(reply.Files());
        var listed = Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=normalized"));
        Assert.Equal(real.Str("id"), Assert.Single(listed).Str("id"));
        Assert.Equal("real"u8.ToArray(), await Client.DownloadAsync(sid, real.Str("id")));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_PtraceAndSignalsToTheRunnersParentAndPid1_ChangeNothing()
    {
        var reply = await AttackWarmAsync("warm/signal_runner.py");

        reply.AssertSelfReportedContained();
        Assert.Equal(0, reply["run"]?["code"]?.GetValue<int>());
        // The program runs in the runner (pid 2) under the sandbox-init (pid 1), which drops every signal from inside.
        Assert.Contains("runner 2, parent 1\n", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Warm_AChildKillingTheRunner_EndsTheRunAndItsDaemonWithIt()
    {
        var reply = await AttackWarmAsync("warm/kill_runner.py");

        Assert.Equal("runner 2 is about to be killed\n", reply.Str("stdout"));
        Assert.Equal("SIGKILL", reply["run"]?["signal"]?.GetValue<string>());
        await AssertAftermathAsync();
        Assert.Empty(HostProcess.LiveRunning("sleep 300.10"));
    }

    [SandboxFact]
    public async Task Warm_ProgramStoppingItselfLikeAReadyRunner_TimesOutAndIsNotReused()
    {
        var clock = Stopwatch.StartNew();

        var reply = await AttackWarmAsync("warm/stop_self.py", timeoutMs: 1000);

        Assert.Equal("stopping\n", reply.Str("stdout"));
        Assert.Equal("TO", reply["run"].Str("status"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        // The stopped program looks like an idle runner; the aftermath finds only the freshly warmed one.
        await AssertAftermathAsync();
    }

    [GeneratedRegex(@"fork refused after (\d+) children: Resource temporarily unavailable")]
    private static partial Regex ForkRefused();

    [GeneratedRegex(@"CONTAINED memory of self: (\d+) bytes read")]
    private static partial Regex MemoryScanned();
}
