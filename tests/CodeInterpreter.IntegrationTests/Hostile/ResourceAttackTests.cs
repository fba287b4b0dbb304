using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Fork bombs, memory bombs, CPU spin, daemons and output floods: each stopped by a limit, nothing left behind.</summary>
[Collection(HostileCollection.Name)]
public sealed class ResourceAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    private const long MiB = 1024 * 1024;
    private const int OutputCap = HostileFixture.OutputLimitKb * 1024;

    [SandboxTheory]
    [InlineData("resources/fork_bomb.sh")]
    [InlineData("resources/fork_bomb.c")]
    public async Task Exec_ForkBomb_IsCappedByThePidsLimitAndLeavesNoProcess(string program)
    {
        var clock = Stopwatch.StartNew();
        var attack = AttackAsync(program);
        var most = 0;
        while (!attack.IsCompleted)
        {
            most = Math.Max(most, HostProcess.LiveOfUids(HostileFixture.UidBase, HostileFixture.UidSlots).Count);
            await Task.Delay(20);
        }

        await attack;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Output.WriteLine($"at most {most} processes of the sandbox uids at once");
        // pids.max is the process limit plus bwrap's two; one more may be mid-fork when sampled.
        Assert.InRange(most, 1, HostileFixture.MaxProcesses + 3);
        await AssertAftermathAsync();
    }

    [SandboxTheory]
    [InlineData("resources/memory_bomb.py")]
    [InlineData("resources/memory_bomb.c")]
    [InlineData("resources/memory_bomb.js")]
    public async Task Exec_MemoryBomb_IsKilledAtTheCgroupLimit(string program)
    {
        var reply = await AttackAsync(program);

        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains($"Out of memory (limit {HostileFixture.MemoryMb} MiB)", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("SIGKILL", reply["run"]?["signal"]?.GetValue<string>());
        Assert.InRange(reply.Num("memory_peak_bytes"), 1, HostileFixture.MemoryMb * MiB);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_JavaMemoryBomb_StopsAtTheHeapSizedFromTheLimit()
    {
        var reply = await AttackAsync("resources/MemoryBomb.java");

        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        var stderr = reply.Str("stderr");
        Assert.True(stderr.Contains("OutOfMemoryError", StringComparison.Ordinal) || stderr.Contains("Out of memory", StringComparison.Ordinal), stderr);
        Assert.NotEqual(0, reply["run"]?["code"]?.GetValue<int>());
        Assert.InRange(reply.Num("memory_peak_bytes"), 1, HostileFixture.MemoryMb * MiB);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_CpuSpinOnAllCores_IsKilledAtTheWallClock()
    {
        var clock = Stopwatch.StartNew();

        var reply = await AttackAsync("resources/cpu_spin.c");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(HostileFixture.TimeoutSeconds + 15), $"took {clock.Elapsed}");
        Assert.Equal("TO", reply["run"].Str("status"));
        Assert.Contains("timed out", reply.Str("stderr"), StringComparison.OrdinalIgnoreCase);
        Assert.InRange(reply.Num("wall_time_ms"), HostileFixture.TimeoutSeconds * 1000 - 100, (HostileFixture.TimeoutSeconds + 5) * 1000);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_DaemonsBySetsidDoubleForkAndNohup_AreDeadAfterTheRun()
    {
        var reply = await AttackAsync("resources/daemon_escape.sh");

        reply.AssertRan("daemons started\n");
        await HostProcess.AssertNoneLeftOfUidsAsync(HostileFixture.UidBase, HostileFixture.UidSlots, TimeSpan.FromSeconds(5));
        // Durations and a name nothing else on a host uses (a developer's own `sleep 300` must not fail the test).
        Assert.Empty(HostProcess.LiveRunning("sleep 300.20", "ci-double-forked"));
        await AssertAftermathAsync();
    }

    [SandboxTheory]
    [InlineData("resources/stdout_flood.py", "stdout")]
    [InlineData("resources/stdout_flood_no_newline.c", "stdout")]
    [InlineData("resources/stderr_flood.py", "stderr")]
    [InlineData("resources/stderr_flood_no_newline.c", "stderr")]
    public async Task Exec_OutputFlood_IsCutAtTheCapAndKilled(string program, string stream)
    {
        var clock = Stopwatch.StartNew();

        var reply = await AttackAsync(program);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(HostileFixture.TimeoutSeconds + 10), $"took {clock.Elapsed}");
        Assert.Equal(stream == "stdout" ? "OL" : "EL", reply["run"].Str("status"));
        Assert.True(reply["truncated"]!.GetValue<bool>());
        Assert.InRange(reply.Str(stream).Length, OutputCap / 2, OutputCap + 1024);
        Assert.Contains("truncated", reply.Str("stderr"), StringComparison.OrdinalIgnoreCase);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_InvalidUtf8AndNulBytes_ReplyIsValidJsonWithReplacementCharacters()
    {
        var reply = await AttackAsync("resources/invalid_utf8.c");

        var stdout = reply.Str("stdout");
        Assert.StartsWith("before", stdout, StringComparison.Ordinal);
        Assert.Contains("after", stdout, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', stdout);
        Assert.Contains("err", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal(0, reply["run"]?["code"]?.GetValue<int>());
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_FiftyThousandStderrLines_AreCutAtTheCap()
    {
        var reply = await AttackAsync("resources/stderr_lines.sh");

        var stderr = reply.Str("stderr");
        Assert.StartsWith("warning line 1\n", stderr, StringComparison.Ordinal);
        Assert.InRange(stderr.Length, OutputCap / 2, OutputCap + 1024);
        Assert.DoesNotContain("warning line 50000", stderr, StringComparison.Ordinal);
        Assert.Contains("truncated", stderr, StringComparison.OrdinalIgnoreCase);
        await AssertAftermathAsync();
    }
}
