using CodeInterpreter.Sandbox.Native;
using CodeInterpreter.Sandbox.Seccomp;

namespace CodeInterpreter.Tests.Sandbox.Seccomp;

public sealed class SeccompFilterTests
{
    [Fact]
    public void WriteTo_ExportsABpfProgram()
    {
        var dir = Directory.CreateTempSubdirectory("ci-seccomp-");
        try
        {
            var path = Path.Combine(dir.FullName, ".seccomp.bpf");

            var skipped = SeccompFilter.WriteTo(path, denyInetSockets: true);

            var length = new FileInfo(path).Length;
            Assert.True(length > 0);
            Assert.Equal(0, length % 8); // struct sock_filter is 8 bytes
            Assert.DoesNotContain("ptrace", skipped);
            Assert.DoesNotContain("clone", skipped);
            Assert.Single(Directory.EnumerateFiles(dir.FullName)); // no temp file left
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixModes.ReadableFile, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ResolveName_ReportsUnknownSyscalls()
    {
        Assert.Equal(-1, SeccompNative.ResolveName("no_such_syscall"));
    }

    [Fact]
    public void Rules_CoverTheDenylistAndArgumentFilters()
    {
        var rules = SeccompRules.For(denyInetSockets: false);

        foreach (var name in new[] { "keyctl", "ptrace", "bpf", "io_uring_setup", "unshare", "mount", "open_by_handle_at", "kexec_load" })
        {
            Assert.Contains(rules, r => r.Syscall == name && r.Errno == 1 && r.Condition is null);
        }
        Assert.Contains(rules, r => r.Syscall == "clone3" && r.Errno == 38);
        Assert.Contains(rules, r => r.Syscall == "clone" && r.Condition is { Arg: 0, DatumA: 0x10000000, DatumB: 0x10000000 });
        Assert.Contains(rules, r => r.Syscall == "ioctl" && r.Condition is { Arg: 1, DatumA: 0xFFFFFFFF, DatumB: 0x5412 });
        Assert.Equal(4, rules.Count(r => r.Syscall == "socket" && r.Errno == 97));
    }

    [Fact]
    public void Rules_DenyNativeAioAndTheSuspiciousCalls()
    {
        var rules = SeccompRules.For(denyInetSockets: false);

        foreach (var name in new[] { "io_setup", "io_submit", "io_getevents", "memfd_secret" })
        {
            Assert.Contains(rules, r => r.Syscall == name && r.Errno == 38 && r.Condition is null);
        }
        foreach (var name in new[] { "modify_ldt", "set_mempolicy", "mbind", "migrate_pages", "sysfs" })
        {
            Assert.Contains(rules, r => r.Syscall == name && r.Errno == 1 && r.Condition is null);
        }
    }

    [Theory]
    [InlineData(0xFFFFFFFFUL, false)]
    [InlineData(0UL, false)]
    [InlineData(0xFFFFFFFF_FFFFFFFFUL, false)] // the query, sign-extended: the kernel reads the low 32 bits
    [InlineData(0x1_00000000UL, false)]
    [InlineData(0x0400000UL, true)] // READ_IMPLIES_EXEC
    [InlineData(0x0040000UL, true)] // ADDR_NO_RANDOMIZE
    [InlineData(0x8UL, true)] // PER_LINUX32
    [InlineData(0xFFFFFFFEUL, true)]
    [InlineData(0x80000000UL, true)]
    [InlineData(0x7FFFFFFFUL, true)]
    public void Rules_PersonalityAllowsOnlyTheQueryAndPerLinux(ulong persona, bool denied)
    {
        var rules = SeccompRules.For(denyInetSockets: false).Where(r => r.Syscall == "personality").ToList();

        Assert.Equal(denied, rules.Any(r => (persona & r.Condition!.Value.DatumA) == r.Condition.Value.DatumB));
    }

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 6)]
    public void Rules_DenyInetSocketsOnlyWhereAsked(bool denyInetSockets, int families)
    {
        var sockets = SeccompRules.For(denyInetSockets).Where(r => r.Syscall == "socket").Select(r => r.Condition!.Value.DatumB).ToList();

        Assert.Equal(families, sockets.Count);
        Assert.Equal(denyInetSockets, sockets.Contains(2) && sockets.Contains(10));
    }
}
