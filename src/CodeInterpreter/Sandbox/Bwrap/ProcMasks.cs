using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>
/// /proc files the sandbox's own procfs would show but must not: each is covered by a read-only bind of one empty,
/// root-owned regular file (not /dev/null, which cannot be opened on the nodev bind).
/// </summary>
internal static class ProcMasks
{
    public const string EmptyFileName = ".empty";

    /// <summary>
    /// pid 1 is our sandbox-init (not dumpable, so its memory, environ and links are closed to the payload anyway);
    /// its cmdline and environ stay masked as a second layer, as when bwrap's own reaper, a fork of the launcher,
    /// showed the whole launch argv there. /proc/cmdline and config.gz describe the host's boot and kernel build;
    /// kallsyms and version help a kernel exploit pick its offsets.
    /// </summary>
    private static readonly string[] s_candidates =
    [
        "/proc/1/cmdline", "/proc/1/environ", "/proc/1/task/1/cmdline", "/proc/1/task/1/environ",
        "/proc/cmdline", "/proc/version", "/proc/kallsyms", "/proc/config.gz", "/proc/modules",
        "/proc/sched_debug", "/proc/timer_list", "/proc/keys", "/proc/key-users",
    ];

    /// <summary>
    /// The candidates this kernel has: a bind needs its destination to exist, and the sandbox's procfs is the
    /// host kernel's (per-pid entries always exist for pid 1 inside).
    /// </summary>
    public static IReadOnlyList<string> Present() =>
        [.. s_candidates.Where(p => p.StartsWith("/proc/1/", StringComparison.Ordinal) || File.Exists(p))];

    /// <summary>Creates the empty mask file (root, 0444) in the jobs root; the job uids can reach but not list it.</summary>
    public static string CreateEmptyFile(string jobsRoot)
    {
        var path = Path.Combine(jobsRoot, EmptyFileName);
        File.Delete(path);
        using (File.Create(path))
        {
        }
        UnixModes.Set(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }
}
