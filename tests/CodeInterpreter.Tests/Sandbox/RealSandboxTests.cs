using System.Diagnostics;
using System.Runtime.InteropServices;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

/// <summary>Real bwrap, cgroups and tmpfs: hostile programs whose attack must fail, and the sandbox must keep serving.</summary>
[Collection(RealSandboxCollection.Name)]
public sealed class RealSandboxTests(SandboxFixture fixture)
{
    [SandboxFact]
    public void Status_IsAvailableWithCgroupsAndSeccomp()
    {
        var status = fixture.Sandbox.Status;

        Assert.True(status.Available, string.Join("; ", status.Problems));
        // What the host really has: cgroup2 mounted at the root is v2, the hybrid or legacy layout v1.
        Assert.Equal(File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "v2" : "v1", status.CgroupVersion);
        Assert.True(status.Seccomp);
        Assert.Matches(@"^\d+\.\d+(\.\d+)?$", status.BwrapVersion);
        Assert.Contains($" {status.BwrapVersion}", BwrapVersionOutput(), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Run_Hello_PrintsAndExitsZero()
    {
        var result = await fixture.RunPythonAsync("print('hello')");

        Assert.Equal("hello\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal("hello\n", SandboxFixture.Text(result.Output));
        Assert.Empty(result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.TimedOut || result.OutOfMemory || result.Cancelled || result.StdoutTruncated);
        Assert.True(result.MemoryPeakBytes > 0);
        // Starting Python costs milliseconds of CPU: a run accounted as zero was not accounted at all.
        Assert.True(result.CpuTime > TimeSpan.Zero, $"cpu time {result.CpuTime}");
        Assert.True(result.WallTime > TimeSpan.Zero);
    }

    [SandboxFact]
    public async Task Run_SeesAnUnprivilegedUserInAnEmptyWorld()
    {
        var result = await fixture.RunPythonAsync(
            "import os, sys; print(os.getuid(), os.getgid(), os.getcwd(), os.environ['HOME'], os.path.exists('/etc/passwd'),"
            + " os.path.exists('/root'), sys.stdin.read() == '')");

        Assert.Equal("1000 1000 /mnt/data /tmp False False True\n", SandboxFixture.Text(result.Stdout));
    }

    [SandboxFact]
    public async Task Run_ConcurrentJobs_EachGetTheirOwnUid()
    {
        var jobs = await Task.WhenAll(Enumerable.Range(0, SandboxFixture.UidSlots)
            .Select(_ => fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None)));
        try
        {
            var results = await Task.WhenAll(jobs.Select(j => j.RunPythonCode("import time; time.sleep(0.3); print('ok')")));

            Assert.All(results, r => Assert.Equal("ok\n", SandboxFixture.Text(r.Stdout)));
            var uids = jobs.Select(j => ((SandboxJob)j).Uid).ToList();
            Assert.Equal(SandboxFixture.UidSlots, uids.Distinct().Count());
            Assert.All(uids, uid => Assert.InRange(uid, SandboxFixture.UidBase, SandboxFixture.UidBase + SandboxFixture.UidSlots - 1));
        }
        finally
        {
            foreach (var job in jobs)
            {
                await job.DisposeAsync();
            }
        }
    }

    [SandboxFact]
    public async Task Run_InheritsNoDescriptorsBesidesStdio()
    {
        var result = await fixture.RunPythonAsync("""
            import os
            fds = sorted(int(f) for f in os.listdir('/proc/self/fd'))
            print(fds)
            for f in fds:
                try: print(f, os.readlink(f'/proc/self/fd/{f}'), oct(os.stat(f'/proc/self/fd/{f}').st_mode))
                except OSError as e: print(f, e)
            """);

        // 3 is listdir's own handle; the seccomp fd 9 and whatever the service inherited must not be there.
        Assert.StartsWith("[0, 1, 2, 3]\n", SandboxFixture.Text(result.Stdout), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Run_InfiniteLoop_IsKilledAtTheWallTimeout()
    {
        var result = await fixture.RunPythonAsync("while True: pass", TestLimits.Default with { WallTimeout = TimeSpan.FromSeconds(1) });

        Assert.True(result.TimedOut);
        Assert.Equal("SIGKILL", result.Signal);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(10), result.WallTime.ToString());
    }

    [SandboxFact]
    public async Task Run_MemoryBomb_ReportsOutOfMemory()
    {
        var result = await fixture.RunPythonAsync(
            "chunks = []\nwhile True: chunks.append(b'x' * (8 * 1024 * 1024))",
            TestLimits.Default with { MemoryBytes = 64L * 1024 * 1024 });

        Assert.True(result.OutOfMemory);
        Assert.Equal("SIGKILL", result.Signal);
        Assert.False(result.TimedOut);
    }

    [SandboxFact]
    public async Task Run_ForkingUntilItFails_StopsAtTheProcessLimit()
    {
        const string code = """
            import os, time
            n = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    n += 1
            except OSError as e:
                print(n, e.errno)
            """;
        var result = await fixture.RunPythonAsync(code, TestLimits.Default with { MaxProcesses = 16 });

        var parts = SandboxFixture.Text(result.Stdout).Split(' ');
        Assert.True(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) < 16, SandboxFixture.Text(result.Output));
        Assert.Equal("11\n", parts[1]); // EAGAIN
        Assert.Equal(0, result.ExitCode);
    }

    [SandboxFact]
    public async Task Run_ForkBomb_IsContainedAndNextRunSucceeds()
    {
        const string code = """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """;
        await using (var job = await fixture.Sandbox.CreateJobAsync(
            TestLimits.Default with { MaxProcesses = 16, WallTimeout = TimeSpan.FromSeconds(2) }, CancellationToken.None))
        {
            var result = await job.RunAsync(SandboxFixture.Python(code), CancellationToken.None);

            Assert.True(result.TimedOut);
            await AssertNothingLeftAsync(job);
        }

        var next = await fixture.RunPythonAsync("print('still serving')");
        Assert.Equal("still serving\n", SandboxFixture.Text(next.Stdout));
    }

    [SandboxFact]
    public async Task Run_DoubleForkedDaemon_IsGoneAfterTheRun()
    {
        const string code = """
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(120)
                os._exit(0)
            time.sleep(0.2)
            print('parent done')
            """;
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);

        var result = await job.RunAsync(SandboxFixture.Python(code), CancellationToken.None);

        Assert.Equal("parent done\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal(0, result.ExitCode);
        await AssertNothingLeftAsync(job);
    }

    [SandboxFact]
    public async Task Run_Network_IsUnreachable()
    {
        const string code = """
            import socket
            try:
                socket.create_connection(('1.1.1.1', 53), timeout=3)
                print('connected')
            except OSError as e:
                print('errno', e.errno)
            """;
        var result = await fixture.RunPythonAsync(code);

        // ENETUNREACH where loopback TCP is allowed (socket memory charged: cgroup v2); EAFNOSUPPORT where it is not.
        Assert.Contains(SandboxFixture.Text(result.Stdout), new[] { "errno 101\n", "errno 97\n" });
    }

    [SandboxFact]
    public async Task Run_OutputFlood_IsTruncatedAndKilled()
    {
        var result = await fixture.RunPythonAsync(
            "import sys\nwhile True: sys.stdout.write('x' * 65536)",
            TestLimits.Default with { StdoutBytes = 100_000 });

        Assert.True(result.StdoutTruncated);
        Assert.Equal(100_000, result.Stdout.Length);
        Assert.False(result.TimedOut);
        Assert.Equal("SIGKILL", result.Signal);
    }

    [SandboxFact]
    public async Task Run_Cancelled_KillsTheRun()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await job.RunAsync(SandboxFixture.Python("import time; time.sleep(30)"), cts.Token);

        Assert.True(result.Cancelled);
        Assert.False(result.TimedOut);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(10));
    }

    [SandboxFact]
    public async Task Run_ProcEnvironOfPid1_DoesNotLeakTheServiceEnvironment()
    {
        var secret = $"sk-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("CI_SANDBOX_TEST_SECRET", secret);
        try
        {
            var result = await fixture.RunPythonAsync(
                "import os\nfor p in ('/proc/1/environ', '/proc/1/cmdline', '/proc/self/environ'):\n"
                + "    print(open(p, 'rb').read())\nprint(os.environ)");

            var output = SandboxFixture.Text(result.Output);
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain("CI_SANDBOX_TEST_SECRET", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CI_SANDBOX_TEST_SECRET", null);
        }
    }

    [SandboxFact]
    public async Task Run_ProcFilesThatLeakAreMaskedAndTheRootIsReadOnly()
    {
        var result = await fixture.RunPythonAsync("""
            import os
            for p in ('/proc/1/cmdline', '/proc/1/environ', '/proc/1/task/1/cmdline', '/proc/cmdline', '/proc/version', '/proc/kallsyms'):
                print(p, len(open(p, 'rb').read()))
            for d in ('/var', '/etc/x', '/x'):
                try:
                    os.mkdir(d)
                    print(d, 'created')
                except OSError as e:
                    print(d, e.errno)
            """);

        Assert.Equal(
            "/proc/1/cmdline 0\n/proc/1/environ 0\n/proc/1/task/1/cmdline 0\n/proc/cmdline 0\n/proc/version 0\n/proc/kallsyms 0\n"
            + "/var 30\n/etc/x 30\n/x 30\n", // EROFS
            SandboxFixture.Text(result.Stdout));
    }

    /// <summary>What <c>bwrap --version</c> prints on this host ("bubblewrap 0.8.0").</summary>
    private static string BwrapVersionOutput()
    {
        using var bwrap = Process.Start(new ProcessStartInfo(SandboxRequirement.BwrapPath, "--version") { RedirectStandardOutput = true })!;
        var output = bwrap.StandardOutput.ReadToEnd();
        bwrap.WaitForExit();
        return output;
    }

    /// <summary>
    /// No process of the job's uid lives on. Awaited, not sampled: the run's cgroup is empty when it returns, but a
    /// killed task leaves its cgroup before it has finished exiting, so it can still show in /proc for a moment.
    /// </summary>
    private static Task AssertNothingLeftAsync(ISandboxJob job) =>
        HostProcess.AssertNoneLeftOfUidsAsync(((SandboxJob)job).Uid, 1, TimeSpan.FromSeconds(10));

    [SandboxFact]
    public async Task Run_Seccomp_DeniesDangerousSyscalls()
    {
        var keyctl = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 219 : 250;
        var code = $$"""
            import ctypes, os, socket
            libc = ctypes.CDLL(None, use_errno=True)
            def err(rc):
                return ctypes.get_errno() if rc == -1 else 0
            print('unshare', err(libc.unshare(0x10000000)))
            print('keyctl', err(libc.syscall({{keyctl}}, 0, 0, 0, 0, 0)))
            print('clone3', err(libc.syscall(435, 0, 0)))
            try:
                socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
                print('netlink 0')
            except OSError as e:
                print('netlink', e.errno)
            """;
        var result = await fixture.RunPythonAsync(code);

        Assert.Equal("unshare 1\nkeyctl 1\nclone3 38\nnetlink 97\n", SandboxFixture.Text(result.Stdout));
    }
}

internal static class SandboxJobTestExtensions
{
    public static Task<SandboxResult> RunPythonCode(this ISandboxJob job, string code) =>
        job.RunAsync(SandboxFixture.Python(code), CancellationToken.None);
}
