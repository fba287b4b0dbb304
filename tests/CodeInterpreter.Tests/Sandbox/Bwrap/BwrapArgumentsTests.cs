using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Bwrap;
using CodeInterpreter.Sandbox.Launch;

namespace CodeInterpreter.Tests.Sandbox.Bwrap;

public sealed class BwrapArgumentsTests
{
    private static readonly SandboxLimits s_limits = TestLimits.Default with
    {
        MaxFileSizeBytes = 5000, CpuSeconds = 7, MaxProcesses = 30, TmpBytes = 123456, OpenFiles = 256,
    };

    private static LaunchSpec Spec(SandboxCommand? command = null, string? seccomp = "/var/lib/ci/jobs/.seccomp.bpf",
        IReadOnlyList<string>? procs = null) => new()
    {
        BwrapPath = "/usr/bin/bwrap",
        InitPath = "/usr/local/libexec/code-interpreter/sandbox-init",
        SeccompPath = seccomp,
        CgroupProcsFiles = procs ?? ["/sys/fs/cgroup/memory/svc/ci/j-1/cgroup.procs", "/sys/fs/cgroup/pids/ci/j-1/cgroup.procs"],
        Uid = 60003,
        Limits = s_limits,
        WorkDir = "/var/lib/ci/jobs/0123456789abcdef01234567/work",
        CodeDir = "/var/lib/ci/jobs/0123456789abcdef01234567/code",
        Command = command ?? new SandboxCommand(["/usr/bin/python3", "/code/main.py"], new Dictionary<string, string>()),
    };

    [Fact]
    public void Build_ChainsShPrlimitSetprivBwrapThenCommand()
    {
        var argv = BwrapArguments.Build(Spec()).ToList();

        Assert.Equal(new[] { "/bin/sh", "-c" }, argv.Take(2));
        Assert.Equal("sh", argv[3]);
        var prlimit = argv.IndexOf("/usr/bin/prlimit");
        var setpriv = argv.IndexOf("/usr/bin/setpriv");
        var bwrap = argv.IndexOf("/usr/bin/bwrap");
        Assert.Equal(4, prlimit);
        Assert.True(prlimit < setpriv && setpriv < bwrap, string.Join(' ', argv));
        Assert.Equal("--", argv[setpriv - 1]);
        Assert.Equal("--", argv[bwrap - 1]);
        Assert.Equal(new[] { "--", "/usr/local/libexec/code-interpreter/sandbox-init", "/usr/bin/python3", "/code/main.py" }, argv.TakeLast(4));
    }

    [Fact]
    public void Build_RunsTheCommandUnderOurInitAsPid1WithoutBwrapsReaper()
    {
        var argv = BwrapArguments.Build(Spec()).ToList();
        var bwrap = argv.Skip(argv.IndexOf("/usr/bin/bwrap")).ToList();

        Assert.Contains("--as-pid-1", bwrap);
        Assert.True(bwrap.IndexOf("--as-pid-1") < bwrap.LastIndexOf("--"));
        Assert.Equal("/usr/local/libexec/code-interpreter/sandbox-init", bwrap[bwrap.LastIndexOf("--") + 1]);
    }

    [Fact]
    public void Build_LauncherScriptJoinsEveryCgroupAndOpensSeccompOnFd9()
    {
        var script = BwrapArguments.Build(Spec())[2];

        Assert.Equal(
            "echo $$ > /sys/fs/cgroup/memory/svc/ci/j-1/cgroup.procs || exit 121; "
            + "echo $$ > /sys/fs/cgroup/pids/ci/j-1/cgroup.procs || exit 121; "
            + "exec 9< /var/lib/ci/jobs/.seccomp.bpf || exit 122; exec \"$@\"",
            script);
    }

    [Fact]
    public void Build_SetsRlimitsAndDropsToTheJobUid()
    {
        var argv = BwrapArguments.Build(Spec()).ToList();

        Assert.Subset(argv.ToHashSet(),
            new HashSet<string> { "--nofile=256", "--fsize=5000", "--core=0", "--cpu=7:8", "--nproc=32" });
        Assert.Subset(argv.ToHashSet(), new HashSet<string>
        {
            "--reuid=60003", "--regid=60003", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
        });
    }

    [Fact]
    public void Build_IsolatesWithBwrapFlags()
    {
        var argv = BwrapArguments.Build(Spec()).ToList();
        var bwrap = argv.Skip(argv.IndexOf("/usr/bin/bwrap")).ToList();

        foreach (var flag in new[] { "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv" })
        {
            Assert.Contains(flag, bwrap);
        }
        AssertSequence(bwrap, "--seccomp", "9");
        AssertSequence(bwrap, "--ro-bind", "/usr", "/usr");
        AssertSequence(bwrap, "--symlink", "usr/bin", "/bin");
        AssertSequence(bwrap, "--symlink", "usr/lib64", "/lib64");
        AssertSequence(bwrap, "--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache");
        AssertSequence(bwrap, "--ro-bind-try", "/etc/java-17-openjdk", "/etc/java-17-openjdk");
        AssertSequence(bwrap, "--proc", "/proc", "--dev", "/dev");
        AssertSequence(bwrap, "--size", "123456", "--tmpfs", "/tmp");
        AssertSequence(bwrap, "--size", "123456", "--tmpfs", "/dev/shm");
        AssertSequence(bwrap, "--bind", "/var/lib/ci/jobs/0123456789abcdef01234567/work", "/mnt/data");
        AssertSequence(bwrap, "--ro-bind", "/var/lib/ci/jobs/0123456789abcdef01234567/code", "/code");
        AssertSequence(bwrap, "--chdir", "/mnt/data", "--uid", "1000", "--gid", "1000", "--hostname", "sandbox");
        AssertSequence(bwrap, "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin");
        AssertSequence(bwrap, "--setenv", "HOME", "/tmp");
    }

    [Fact]
    public void Build_MasksProcFilesAfterMountingProcAndMakesTheRootReadOnlyLast()
    {
        var spec = Spec() with
        {
            Masks = new SandboxMasks("/var/lib/ci/jobs/.empty", "/var/lib/ci/jobs/.empty-dir", ["/proc/1/cmdline", "/proc/kallsyms"], ["/proc/pressure"]),
        };
        var argv = BwrapArguments.Build(spec).ToList();

        AssertSequence(argv, "--ro-bind", "/var/lib/ci/jobs/.empty", "/proc/1/cmdline");
        AssertSequence(argv, "--ro-bind", "/var/lib/ci/jobs/.empty", "/proc/kallsyms");
        AssertSequence(argv, "--ro-bind", "/var/lib/ci/jobs/.empty-dir", "/proc/pressure");
        AssertSequence(argv, "--ro-bind", "/var/lib/ci/jobs/.empty", "/dev/pts/ptmx");
        Assert.True(argv.IndexOf("/dev/pts/ptmx") > argv.IndexOf("--dev"));
        Assert.True(argv.IndexOf("/proc/1/cmdline") > argv.IndexOf("--proc"));
        AssertSequence(argv, "--remount-ro", "/", "--chdir");
    }

    [Fact]
    public void ProcMasks_CoverTheLaunchersArgvAndTheKernelsIdentity()
    {
        var masks = ProcMasks.Present();

        Assert.Subset(masks.ToHashSet(), new HashSet<string> { "/proc/1/cmdline", "/proc/1/environ", "/proc/1/task/1/cmdline", "/proc/1/task/1/environ" });
        Assert.All(masks.Where(m => !m.StartsWith("/proc/1/", StringComparison.Ordinal)), m => Assert.True(File.Exists(m), m));
        if (File.Exists("/proc/kallsyms"))
        {
            Assert.Contains("/proc/kallsyms", masks);
        }
    }

    [Fact]
    public void Build_WithoutSeccomp_HasNoSeccompFdOrFlag()
    {
        var argv = BwrapArguments.Build(Spec(seccomp: null)).ToList();

        Assert.DoesNotContain("--seccomp", argv);
        Assert.DoesNotContain("exec 9<", argv[2]);
    }

    [Fact]
    public void Build_AddsCommandEnvironmentAfterDefaultsAndExtraBindsAfterWorkDir()
    {
        var command = new SandboxCommand(["/usr/bin/python3"], new Dictionary<string, string> { ["MPLBACKEND"] = "Agg" })
        {
            ReadOnlyBinds = [new ReadOnlyBind("/var/cache/ci/fontlist-v330.json", "/tmp/.cache/matplotlib/fontlist-v330.json")],
        };
        var argv = BwrapArguments.Build(Spec(command)).ToList();

        AssertSequence(argv, "--setenv", "MPLBACKEND", "Agg");
        Assert.True(argv.IndexOf("MPLBACKEND") > argv.IndexOf("TMPDIR"));
        AssertSequence(argv, "--ro-bind-try", "/var/cache/ci/fontlist-v330.json", "/tmp/.cache/matplotlib/fontlist-v330.json");
        Assert.True(argv.IndexOf("/tmp/.cache/matplotlib/fontlist-v330.json") > argv.IndexOf("/mnt/data"));
        Assert.True(argv.IndexOf("/tmp/.cache/matplotlib/fontlist-v330.json") > argv.IndexOf("/tmp"));
    }

    [Theory]
    [InlineData("/tmp/a b/cgroup.procs")]
    [InlineData("/tmp/a;reboot/cgroup.procs")]
    [InlineData("/tmp/$(id)/cgroup.procs")]
    [InlineData("/tmp/`id`/cgroup.procs")]
    [InlineData("/tmp/a'b/cgroup.procs")]
    [InlineData("/tmp/a\"b/cgroup.procs")]
    [InlineData("/tmp/a|b")]
    [InlineData("/tmp/a&b")]
    [InlineData("/tmp/a>b")]
    [InlineData("/tmp/*")]
    [InlineData("/tmp/a\nb")]
    [InlineData("relative/cgroup.procs")]
    public void Build_RejectsUnsafePathsInTheLauncherScript(string path)
    {
        Assert.Throws<ArgumentException>(() => BwrapArguments.Build(Spec(procs: [path])));
        Assert.Throws<ArgumentException>(() => BwrapArguments.Build(Spec(seccomp: path)));
    }

    [Theory]
    [InlineData("relative/font.json", "/tmp/x")]
    [InlineData("/var/cache/../../etc/shadow", "/tmp/x")]
    [InlineData("/var/cache/font.json", "tmp/x")]
    [InlineData("/var/cache/font.json", "/tmp//x")]
    public void Build_RejectsUnnormalizedBindPaths(string host, string inside)
    {
        var command = new SandboxCommand(["/usr/bin/true"], new Dictionary<string, string>())
        {
            ReadOnlyBinds = [new ReadOnlyBind(host, inside)],
        };
        Assert.Throws<ArgumentException>(() => BwrapArguments.Build(Spec(command)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("A\0")]
    public void Build_RejectsInvalidEnvironmentNames(string name)
    {
        var command = new SandboxCommand(["/usr/bin/true"], new Dictionary<string, string> { [name] = "x" });
        Assert.Throws<ArgumentException>(() => BwrapArguments.Build(Spec(command)));
    }

    [Fact]
    public void Build_RejectsRelativeCommand()
    {
        var command = new SandboxCommand(["python3"], new Dictionary<string, string>());
        Assert.Throws<ArgumentException>(() => BwrapArguments.Build(Spec(command)));
    }

    [Fact]
    public void Build_ContainsNothingFromTheServiceEnvironment()
    {
        var secret = $"secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("CI_SANDBOX_ARGV_SECRET", secret);
        try
        {
            var argv = BwrapArguments.Build(Spec()).ToList();
            Assert.DoesNotContain(argv, a => a.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(argv, a => a.Contains("CI_SANDBOX_ARGV_SECRET", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CI_SANDBOX_ARGV_SECRET", null);
        }
    }

    private static void AssertSequence(IReadOnlyList<string> argv, params string[] sequence)
    {
        for (var i = 0; i + sequence.Length <= argv.Count; i++)
        {
            if (argv.Skip(i).Take(sequence.Length).SequenceEqual(sequence))
            {
                return;
            }
        }
        Assert.Fail($"'{string.Join(' ', sequence)}' not found in: {string.Join(' ', argv)}");
    }
}
