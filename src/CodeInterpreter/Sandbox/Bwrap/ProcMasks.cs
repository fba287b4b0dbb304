using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>What to cover in every sandbox: an empty file over each of <paramref name="Files"/>, an empty directory over
/// each of <paramref name="Directories"/>, both root-owned and bound read-only.</summary>
internal sealed record SandboxMasks(string EmptyFile, string EmptyDirectory, IReadOnlyList<string> Files, IReadOnlyList<string> Directories);

/// <summary>
/// /proc entries the sandbox's own procfs would show but must not: each is covered by a read-only bind of one empty,
/// root-owned regular file (not /dev/null, which cannot be opened on the nodev bind) or directory.
/// </summary>
internal static class ProcMasks
{
    public const string EmptyFileName = ".empty";
    public const string EmptyDirectoryName = ".empty-dir";

    /// <summary>
    /// pid 1 is our sandbox-init (not dumpable, so its memory, environ and links are closed to the payload anyway);
    /// its cmdline and environ stay masked as a second layer, as when bwrap's own reaper, a fork of the launcher,
    /// showed the whole launch argv there. /proc/cmdline and config.gz describe the host's boot and kernel build;
    /// kallsyms and version help a kernel exploit pick its offsets. diskstats, interrupts and softirqs count the
    /// whole host's disk, network and device activity (what other tenants are doing, as it happens); boot_id names
    /// the host. No runtime of the catalog reads any of them.
    /// </summary>
    private static readonly string[] s_files =
    [
        "/proc/1/cmdline", "/proc/1/environ", "/proc/1/task/1/cmdline", "/proc/1/task/1/environ",
        "/proc/cmdline", "/proc/version", "/proc/kallsyms", "/proc/config.gz", "/proc/modules",
        "/proc/sched_debug", "/proc/timer_list", "/proc/keys", "/proc/key-users",
        "/proc/diskstats", "/proc/interrupts", "/proc/softirqs", "/proc/sys/kernel/random/boot_id",
    ];

    /// <summary>Pressure stall information: how long every task on the host waited for CPU, memory and IO.</summary>
    private static readonly string[] s_directories = ["/proc/pressure"];

    /// <summary>
    /// The candidates this kernel has: a bind needs its destination to exist, and the sandbox's procfs is the
    /// host kernel's (per-pid entries always exist for pid 1 inside).
    /// </summary>
    public static IReadOnlyList<string> Present() =>
        [.. s_files.Where(p => p.StartsWith("/proc/1/", StringComparison.Ordinal) || File.Exists(p))];

    public static IReadOnlyList<string> PresentDirectories() => [.. s_directories.Where(Directory.Exists)];

    /// <summary>Creates the empty mask file (root, 0444) and directory (root, 0555) in the jobs root.</summary>
    public static SandboxMasks Create(string jobsRoot)
    {
        var file = Path.Combine(jobsRoot, EmptyFileName);
        File.Delete(file);
        using (File.Create(file))
        {
        }
        UnixModes.Set(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var directory = Path.Combine(jobsRoot, EmptyDirectoryName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: false);
        }
        UnixModes.CreateDirectory(directory, UnixModes.ReadableDirectory & ~UnixFileMode.UserWrite);
        return new SandboxMasks(file, directory, Present(), PresentDirectories());
    }
}
