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

        reply.AssertSelfReportedContained();
        // The host's side: the beginning of its real passwd and shadow files is nowhere in the reply.
        var everything = reply.Str("stdout") + reply.Str("stderr");
        foreach (var file in new[] { "/etc/passwd", "/etc/shadow" })
        {
            var start = File.ReadLines(file).First();
            Assert.DoesNotContain(start[..Math.Min(start.Length, 24)], everything, StringComparison.Ordinal);
        }
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_GuessingAnotherSessionsStoredFile_FindsNothing()
    {
        var reply = await AttackAsync("escape/read_stored_files.py");

        reply.AssertSelfReportedContained();
        Assert.DoesNotContain(Hostile.Canary.FileId, Names(reply), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ProcSnooping_RevealsNoSecretNoLaunchArgvAndNoStorePath()
    {
        var reply = await AttackAsync("escape/proc_snoop.py");

        reply.AssertSelfReportedContained();
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
        reply.AssertSelfReportedContained();
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

        reply.AssertSelfReportedContained();
        // What `unshare -U -r id` prints when it works, whatever the script concluded from its exit status.
        Assert.DoesNotContain("uid=0(", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_DeniedSyscalls_FailWithThePolicysErrno()
    {
        var reply = await AttackAsync("escape/syscalls.c");

        reply.AssertSelfReportedContained();
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

    /// <summary>
    /// The foreign syscall never returns (the program prints ESCAPED right after it) and the process dies by a signal.
    /// Which signal depends on the kernel: with IA32 emulation, <c>int $0x80</c> reaches the filter, which kills with
    /// SIGSYS; a kernel built or booted without it (ia32_emulation=0) faults with SIGSEGV before any filter runs.
    /// An x32 number always enters through <c>syscall</c>, so the filter's foreign-ABI rule answers it: SIGSYS only.
    /// </summary>
    [SandboxTheory]
    [InlineData("escape/syscall_i386.c", new[] { "SIGSYS", "SIGSEGV" })]
    [InlineData("escape/syscall_x32.c", new[] { "SIGSYS" })]
    public async Task Exec_ForeignAbiSyscall_KillsTheProcess(string program, string[] refusals)
    {
        var reply = await AttackAsync(program);

        Assert.DoesNotContain("ESCAPED", reply.Str("stdout") + reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("before\n", reply.Str("stdout"));
        Assert.Equal("SG", reply["run"].Str("status"));
        Assert.Contains(reply["run"]?["signal"]?.GetValue<string>(), refusals);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_WritingToUsrEtcAndTheRoot_IsRefused()
    {
        var reply = await AttackAsync("escape/write_system_dirs.sh");

        reply.AssertSelfReportedContained();
        // The host's side: none of the files the script tried to plant exists on the host, and its preload list
        // (which every dynamically linked program on the host reads) did not get the script's line.
        Assert.DoesNotContain(new[] { "/usr/bin", "/usr/lib", "/etc", "/bin", "/var/tmp", "/" }.Select(dir => Path.Combine(dir, "ci-planted")), File.Exists);
        Assert.False(File.Exists("/etc/ld.so.preload") && File.ReadAllText("/etc/ld.so.preload").Contains("planted", StringComparison.Ordinal));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_SetuidRootBinary_DoesNotGrantRoot()
    {
        Assert.Contains("euid=0", Hostile.SuidProbe.RunAsUnprivileged(), StringComparison.Ordinal);

        var reply = await AttackAsync("escape/setuid.sh");

        reply.AssertSelfReportedContained();
        Assert.Contains("euid=1000", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_InheritedDescriptors_AreOnlyStdio()
    {
        var reply = await AttackAsync("escape/inherited_fds.c");

        reply.AssertSelfReportedContained();
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ConcurrentJob_CannotSeeSignalOrReadTheOther()
    {
        var secret = "victim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var placeholders = new Dictionary<string, string> { ["SECRET"] = secret };
        var victim = Client.ExecAsync(Body("escape/victim.py", HostileFixture.MaxTimeoutSeconds * 1000, placeholders));
        await WaitForVictimSecretAsync(secret);

        var attack = await AttackAsync("escape/snoop_concurrent.py", placeholders: placeholders);
        Assert.False(victim.IsCompleted, "the victim's run ended before the attack did: the attack had no one to attack");
        var victimReply = await victim;

        attack.AssertSelfReportedContained();
        Assert.DoesNotContain("visible process", attack.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("secret intact", victimReply.Str("stdout"), StringComparison.Ordinal);
        Assert.Equal(0, victimReply["run"]?["code"]?.GetValue<int>());
        var kept = victimReply.FileNamed("secret.txt");
        Assert.Equal(secret, System.Text.Encoding.UTF8.GetString(await Client.DownloadAsync(victimReply.Str("session_id"), kept.Str("id"))));
        await AssertAftermathAsync();
    }

    /// <summary>The victim is up: its secret.txt, seen from the host in its job's work dir, holds the secret.</summary>
    private Task WaitForVictimSecretAsync(string secret) =>
        Poll.UntilAsync(() => Directory.EnumerateDirectories(Path.Combine(Service.DataDir, "jobs")).Any(job =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(job, "work", "secret.txt")) == secret;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // not written yet, or the job is being torn down
            }
        }), TimeSpan.FromSeconds(30), "the victim's secret.txt in its job dir on the host");
}
