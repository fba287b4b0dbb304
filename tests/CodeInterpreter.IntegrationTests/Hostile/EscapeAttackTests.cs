using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Reading the host, the store and other jobs; kernel attack surface; privilege through setuid; leaked descriptors.</summary>
[Collection(HostileCollection.Name)]
public sealed class EscapeAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task Exec_ReadingHostSecretsAndTheServicesFiles_FindsNothing()
    {
        var reply = await AttackAsync("escape/read_host_secrets.py");

        AssertSelfReportedContained(reply);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_GuessingAnotherSessionsStoredFile_FindsNothing()
    {
        var reply = await AttackAsync("escape/read_stored_files.py");

        AssertSelfReportedContained(reply);
        Assert.DoesNotContain(Hostile.Canary.FileId, Names(reply), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ProcSnooping_RevealsNoSecretNoLaunchArgvAndNoStorePath()
    {
        var reply = await AttackAsync("escape/proc_snoop.py");

        AssertSelfReportedContained(reply);
        var everything = reply.ToJsonString();
        foreach (var key in Service.Keys)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }
        // The launcher's argv (masked /proc/1/cmdline) and the store (never mounted) do not show.
        Assert.DoesNotContain("--unshare-all", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(Service.DataDir, "files"), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Hostile.Canary.SessionId, everything, StringComparison.Ordinal);
        // The host's activity counters and identity are masked; the job's own tmpfs names no host uid.
        Assert.Contains("CONTAINED /proc/sys/kernel/random/boot_id: 0 bytes", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("CONTAINED /proc/pressure", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("CONTAINED /mnt/data mount options: ['", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ReadingPid1Memory_FindsNoHostPathAndNoLaunchArgv()
    {
        var jobsRoot = Path.Combine(Service.DataDir, "jobs");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var attack = AttackAsync("escape/proc_mem.py");
        while (!attack.IsCompleted)
        {
            seen.UnionWith(Directory.EnumerateDirectories(jobsRoot).Select(Path.GetFileName).OfType<string>());
            await Task.Delay(10);
        }

        var reply = await attack;
        AssertSelfReportedContained(reply);
        // The needles are the real ones: the service's data dir, the dir of this very job (seen on the host while the
        // attack ran), and bwrap, whose old pid-1 helper carried the launch argv in its memory.
        var stdout = reply.Str("stdout");
        Assert.Contains($"needle data dir: {Service.DataDir}\n", stdout, StringComparison.Ordinal);
        var job = System.Text.RegularExpressions.Regex.Match(stdout, "needle job dir: ([0-9a-f]{24})\n").Groups[1].Value;
        Assert.Contains(job, seen);
        Assert.Contains("needle bwrap: bwrap\n", stdout, StringComparison.Ordinal);
        Assert.Contains("CONTAINED /proc/1/mem:", stdout, StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_UnshareAndNsenter_AreRefused()
    {
        var reply = await AttackAsync("escape/namespaces.sh");

        AssertSelfReportedContained(reply);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_DeniedSyscalls_FailWithThePolicysErrno()
    {
        var reply = await AttackAsync("escape/syscalls.c");

        AssertSelfReportedContained(reply);
        foreach (var call in new[]
        {
            "ptrace attach pid 1", "mount tmpfs", "unshare user ns", "keyctl", "io_uring_setup", "bpf", "clone3", "socket AF_PACKET",
            "io_setup", "memfd_secret", "personality READ_IMPLIES_EXEC", "personality ADDR_NO_RANDOMIZE", "set_mempolicy", "mbind",
        })
        {
            Assert.Contains($"CONTAINED {call}:", reply.Str("stdout"), StringComparison.Ordinal);
        }
        // Querying the personality still works (glibc and runtimes may ask); PER_LINUX is 0.
        Assert.Contains("personality query: 0\n", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxTheory]
    [InlineData("escape/syscall_i386.c")]
    [InlineData("escape/syscall_x32.c")]
    public async Task Exec_ForeignAbiSyscall_KillsTheProcess(string program)
    {
        var reply = await AttackAsync(program);

        Assert.Equal("before\n", reply.Str("stdout"));
        Assert.Equal("SIGSYS", reply["run"]?["signal"]?.GetValue<string>());
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_WritingToUsrEtcAndTheRoot_IsRefused()
    {
        var reply = await AttackAsync("escape/write_system_dirs.sh");

        AssertSelfReportedContained(reply);
        Assert.False(File.Exists("/usr/bin/ci-planted") || File.Exists("/etc/ci-planted") || File.Exists("/usr/lib/ci-planted"));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_SetuidRootBinary_DoesNotGrantRoot()
    {
        Assert.Contains("euid=0", Hostile.SuidProbe.RunAsUnprivileged(), StringComparison.Ordinal);

        var reply = await AttackAsync("escape/setuid.sh");

        AssertSelfReportedContained(reply);
        Assert.Contains("euid=1000", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_InheritedDescriptors_AreOnlyStdio()
    {
        var reply = await AttackAsync("escape/inherited_fds.c");

        AssertSelfReportedContained(reply);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ConcurrentJob_CannotSeeSignalOrReadTheOther()
    {
        var secret = "victim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var placeholders = new Dictionary<string, string> { ["SECRET"] = secret };
        var victim = Client.ExecAsync(Body("escape/victim.py", placeholders: placeholders));
        await WaitForRunningAsync();

        var attack = await AttackAsync("escape/snoop_concurrent.py", placeholders: placeholders);
        var victimReply = await victim;

        AssertSelfReportedContained(attack);
        Assert.DoesNotContain("visible process", attack.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("secret intact", victimReply.Str("stdout"), StringComparison.Ordinal);
        Assert.Equal(0, victimReply["run"]?["code"]?.GetValue<int>());
        var kept = victimReply.FileNamed("secret.txt");
        Assert.Equal(secret, System.Text.Encoding.UTF8.GetString(await Client.DownloadAsync(victimReply.Str("session_id"), kept.Str("id"))));
        await AssertAftermathAsync();
    }

    private async Task WaitForRunningAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while ((await Client.GetJsonAsync("health"))["executions"]?["running"]?.GetValue<long>() < 1)
        {
            await Task.Delay(20, timeout.Token);
        }
        await Task.Delay(300, timeout.Token); // the victim's python is up and has written its secret
    }
}
