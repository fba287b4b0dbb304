
namespace CodeInterpreter.Sandbox.Seccomp;

/// <summary>One denylist entry: a syscall, an optional argument test, and the errno it fails with.</summary>
internal sealed record SeccompRule(string Syscall, int Errno, SeccompNative.ArgCompare? Condition = null);

/// <summary>
/// The syscall denylist (default: allow). Every entry is kernel attack surface or an escape hatch that no
/// interpreter or compiler in the catalog needs; denying it with an errno lets runtimes fall back gracefully.
/// </summary>
internal static class SeccompRules
{
    private const int EPERM = 1;
    private const int ENOSYS = 38;
    private const int EAFNOSUPPORT = 97;
    private const ulong CloneNewUser = 0x10000000;
    private const ulong Tiocsti = 0x5412;
    private const ulong Tioclinux = 0x541C;
    private const ulong Low32 = 0xFFFFFFFF;

    /// <summary>Denied outright with EPERM.</summary>
    private static readonly string[] s_denied =
    [
        // Kernel keyrings: shared across the host per uid; a long CVE history.
        "keyctl", "add_key", "request_key",
        // Inspecting or writing other processes' memory.
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        // eBPF, perf and userfaultfd: the usual primitives of kernel exploits.
        "bpf", "perf_event_open", "userfaultfd",
        // fanotify can watch the whole mount; io_uring bypasses seccomp for the operations it performs.
        "fanotify_init", "io_uring_setup", "io_uring_enter", "io_uring_register",
        // Opening files by handle escapes the mount namespace (the "shocker" container escape).
        "open_by_handle_at", "name_to_handle_at",
        // New namespaces and mounts: re-arranging the file system view to reach host paths.
        "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
        "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
        // Host-wide administration: kernels, modules, power, swap, accounting, clocks, kernel log, quotas.
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
        "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
        "syslog", "quotactl", "quotactl_fd", "lookup_dcookie", "vhangup",
    ];

    public static IReadOnlyList<SeccompRule> All { get; } = Build();

    private static List<SeccompRule> Build()
    {
        var rules = s_denied.Select(name => new SeccompRule(name, EPERM)).ToList();
        // clone(CLONE_NEWUSER): a nested user namespace regains capabilities over new namespaces (unshare's twin).
        rules.Add(new SeccompRule("clone", EPERM, Masked(0, CloneNewUser, CloneNewUser)));
        // clone3 passes its flags in memory where seccomp cannot see them: ENOSYS makes glibc fall back to clone.
        rules.Add(new SeccompRule("clone3", ENOSYS));
        // TIOCSTI/TIOCLINUX push keystrokes into a terminal. The command is an int: compare only the low 32 bits,
        // or a caller could set high bits the kernel ignores and slip past the filter (CVE-2019-10063).
        rules.Add(new SeccompRule("ioctl", EPERM, Masked(1, Low32, Tiocsti)));
        rules.Add(new SeccompRule("ioctl", EPERM, Masked(1, Low32, Tioclinux)));
        // Rarely needed socket families with a record of kernel bugs: netlink, raw packets, kernel crypto, vsock.
        foreach (var family in new ulong[] { 16, 17, 38, 40 })
        {
            rules.Add(new SeccompRule("socket", EAFNOSUPPORT, Masked(0, Low32, family)));
        }
        return rules;
    }

    private static SeccompNative.ArgCompare Masked(uint arg, ulong mask, ulong value) =>
        new() { Arg = arg, Op = SeccompNative.CompareOp.MaskedEqual, DatumA = mask, DatumB = value };
}
