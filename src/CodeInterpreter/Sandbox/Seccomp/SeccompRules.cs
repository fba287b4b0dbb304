
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
    private const ulong AfInet = 2;
    private const ulong AfInet6 = 10;

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
        // x86 segment descriptors: only DOS and Wine emulation write an LDT; its code has been a kernel bug source.
        "modify_ldt",
        // NUMA placement: nothing in the catalog sets a memory policy (the JVM only with -XX:+UseNUMA), and
        // migrate_pages/move_pages reach into page tables of other processes of the uid.
        "set_mempolicy", "set_mempolicy_home_node", "mbind", "migrate_pages", "move_pages",
        // Obsolete calls no libc of this century makes.
        "sysfs", "uselib", "ustat",
    ];

    /// <summary>
    /// Denied with ENOSYS, as a kernel built without them answers (callers already handle that): native AIO takes
    /// contexts from one host-wide budget (fs.aio-max-nr), so one job could leave the host without any; glibc's
    /// POSIX AIO uses threads and node its thread pool. memfd_secret hides pages from the kernel's own view.
    /// </summary>
    private static readonly string[] s_absent =
    [
        "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents", "memfd_secret",
    ];

    /// <summary>The denylist for every sandbox, with loopback TCP/UDP (AF_INET, AF_INET6) only where it is safe.</summary>
    /// <param name="denyInetSockets">
    /// True where the kernel does not charge socket buffers to the job's memory cgroup (cgroup v1, or v2 booted with
    /// cgroup.memory=nosocket): unread loopback TCP and UDP buffers would then hold host memory far past the job's limit.
    /// </param>
    public static IReadOnlyList<SeccompRule> For(bool denyInetSockets)
    {
        var rules = s_denied.Select(name => new SeccompRule(name, EPERM)).ToList();
        rules.AddRange(s_absent.Select(name => new SeccompRule(name, ENOSYS)));
        AddPersonality(rules);
        // clone(CLONE_NEWUSER): a nested user namespace regains capabilities over new namespaces (unshare's twin).
        rules.Add(new SeccompRule("clone", EPERM, Masked(0, CloneNewUser, CloneNewUser)));
        // clone3 passes its flags in memory where seccomp cannot see them: ENOSYS makes glibc fall back to clone.
        rules.Add(new SeccompRule("clone3", ENOSYS));
        // TIOCSTI/TIOCLINUX push keystrokes into a terminal. The command is an int: compare only the low 32 bits,
        // or a caller could set high bits the kernel ignores and slip past the filter (CVE-2019-10063).
        rules.Add(new SeccompRule("ioctl", EPERM, Masked(1, Low32, Tiocsti)));
        rules.Add(new SeccompRule("ioctl", EPERM, Masked(1, Low32, Tioclinux)));
        // Rarely needed socket families with a record of kernel bugs: netlink, raw packets, kernel crypto, vsock.
        foreach (var family in denyInetSockets ? [16, 17, 38, 40, AfInet, AfInet6] : new ulong[] { 16, 17, 38, 40 })
        {
            rules.Add(new SeccompRule("socket", EAFNOSUPPORT, Masked(0, Low32, family)));
        }
        return rules;
    }

    /// <summary>
    /// personality: only the query (0xffffffff) and PER_LINUX (0). READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE and the other
    /// flags switch off the payload's own exploit mitigations (executable heap, fixed addresses). The kernel reads the
    /// low 32 bits; any other value has a set bit followed, cyclically, by a clear one, and each such pair is one
    /// masked rule (libseccomp takes one comparison per argument in a rule, so no "neither A nor B" rule).
    /// </summary>
    private static void AddPersonality(List<SeccompRule> rules)
    {
        for (var bit = 0; bit < 32; bit++)
        {
            var set = 1UL << bit;
            var next = 1UL << ((bit + 1) % 32);
            rules.Add(new SeccompRule("personality", EPERM, Masked(0, set | next, set)));
        }
    }

    private static SeccompNative.ArgCompare Masked(uint arg, ulong mask, ulong value) =>
        new() { Arg = arg, Op = SeccompNative.CompareOp.MaskedEqual, DatumA = mask, DatumB = value };
}
