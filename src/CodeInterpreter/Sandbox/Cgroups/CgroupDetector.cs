using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>Picks the v1 or v2 manager from the file system type at the cgroup root (what <c>stat -f</c> shows).</summary>
internal static class CgroupDetector
{
    private const long Cgroup2Magic = 0x63677270;

    /// <summary>The manager for this host, or null with the reason when neither hierarchy is usable.</summary>
    public static ICgroupManager? Detect(string root, string name, ILogger logger, out string? problem)
    {
        problem = null;
        var membership = CgroupMembership.ReadSelf();
        if (IsCgroup2(root))
        {
            return new CgroupV2Manager(root, membership, name, logger);
        }
        if (membership.PathOf("memory") is not null && membership.PathOf("pids") is not null)
        {
            return new CgroupV1Manager(root, membership, name, logger);
        }
        problem = $"no usable cgroup hierarchy at {root}: neither cgroup2 nor v1 memory+pids controllers";
        return null;
    }

    private static unsafe bool IsCgroup2(string root)
    {
        // struct statfs starts with the long f_type on every 64-bit Linux ABI.
        var buffer = stackalloc byte[256];
        return Libc.StatFs(root, buffer) == 0 && *(long*)buffer == Cgroup2Magic;
    }
}
