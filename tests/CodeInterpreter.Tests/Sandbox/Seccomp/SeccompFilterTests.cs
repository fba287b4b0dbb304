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

            var skipped = SeccompFilter.WriteTo(path);

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
        var rules = SeccompRules.All;

        foreach (var name in new[] { "keyctl", "ptrace", "bpf", "io_uring_setup", "unshare", "mount", "open_by_handle_at", "kexec_load" })
        {
            Assert.Contains(rules, r => r.Syscall == name && r.Errno == 1 && r.Condition is null);
        }
        Assert.Contains(rules, r => r.Syscall == "clone3" && r.Errno == 38);
        Assert.Contains(rules, r => r.Syscall == "clone" && r.Condition is { Arg: 0, DatumA: 0x10000000, DatumB: 0x10000000 });
        Assert.Contains(rules, r => r.Syscall == "ioctl" && r.Condition is { Arg: 1, DatumA: 0xFFFFFFFF, DatumB: 0x5412 });
        Assert.Equal(4, rules.Count(r => r.Syscall == "socket" && r.Errno == 97));
    }
}
