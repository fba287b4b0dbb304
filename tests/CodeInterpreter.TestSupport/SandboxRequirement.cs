using System.Globalization;

namespace CodeInterpreter.TestSupport;

/// <summary>
/// What a test of the real sandbox needs from the machine: Linux, root (tmpfs mounts, uid switching), bubblewrap and
/// a cgroup hierarchy it may write (the memory and pids limits). Looked at once per test run.
/// </summary>
public static class SandboxRequirement
{
    public const string BwrapPath = "/usr/bin/bwrap";
    private const string CgroupRoot = "/sys/fs/cgroup";

    private static readonly Lazy<string?> s_missing = new(FindMissing);

    /// <summary>
    /// Why sandbox tests must be skipped here, or null when they run. Always null under CI=true: there a machine that
    /// cannot run them fails the tests instead of passing quietly.
    /// </summary>
    public static string? SkipReason() => TestEnvironment.IsCi ? null : s_missing.Value;

    /// <summary>The first capability this machine lacks, worded for a skip message; null when it has them all.</summary>
    public static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "sandbox tests need Linux";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return $"sandbox tests need root (tmpfs mounts, cgroups, uid switching), running as '{Environment.UserName}': run as root, or set CI=true to fail instead of skipping";
        }
        if (!File.Exists(BwrapPath))
        {
            return $"sandbox tests need bubblewrap at {BwrapPath} (apt-get install bubblewrap)";
        }
        return CgroupProblem();
    }

    /// <summary>
    /// Makes and removes a probe cgroup where the service makes its job cgroups: under this process's own cgroup on
    /// v2, under its own memory cgroup and at the pids root on v1. A read-only /sys/fs/cgroup (an unprivileged
    /// container) fails here, as it would fail every run.
    /// </summary>
    private static string? CgroupProblem()
    {
        var own = OwnCgroups();
        string[] parents = File.Exists(Path.Combine(CgroupRoot, "cgroup.controllers"))
            ? [Path.Join(CgroupRoot, own.GetValueOrDefault("", "/"))]
            : [Path.Join(CgroupRoot, "memory", own.GetValueOrDefault("memory", "/")), Path.Join(CgroupRoot, "pids")];
        foreach (var parent in parents)
        {
            var probe = Path.Join(parent, "ci-capability-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            try
            {
                Directory.CreateDirectory(probe);
                Directory.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"sandbox tests need a writable cgroup hierarchy: cannot create {probe} ({e.Message})";
            }
        }
        return null;
    }

    /// <summary>This process's cgroup path per controller from /proc/self/cgroup ("" is the v2 hierarchy).</summary>
    private static Dictionary<string, string> OwnCgroups()
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                foreach (var controller in parts[1].Split(','))
                {
                    paths[controller] = parts[2];
                }
            }
        }
        return paths;
    }
}
