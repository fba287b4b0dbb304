
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>Kill-then-rmdir for job cgroups, and the startup sweep of cgroups a crashed process left behind.</summary>
internal static class CgroupTeardown
{
    /// <summary>Kills every process of the job and removes its cgroup directories; never throws.</summary>
    public static void Run(IJobCgroup job, IEnumerable<string> dirs, ILogger logger)
    {
        try
        {
            if (!job.KillAll())
            {
                SandboxLog.CgroupNotEmpty(logger, string.Join(", ", dirs));
            }
            foreach (var dir in dirs)
            {
                if (!CgroupFs.TryRemove(dir))
                {
                    SandboxLog.CgroupRemoveFailed(logger, dir);
                }
            }
        }
        catch (Exception e)
        {
            SandboxLog.TeardownFailed(logger, "cgroup", e);
        }
    }

    /// <summary>Kills and removes every child cgroup of <paramref name="parents"/> except <paramref name="keep"/>.</summary>
    public static int RemoveChildren(IEnumerable<string> parents, string? keep, ILogger logger)
    {
        var removed = 0;
        foreach (var parent in parents.Where(Directory.Exists))
        {
            foreach (var child in Directory.EnumerateDirectories(parent))
            {
                if (Path.GetFileName(child) == keep)
                {
                    continue;
                }
                CgroupFs.KillAll(child);
                if (CgroupFs.TryRemove(child))
                {
                    removed++;
                    SandboxLog.RecoveredCgroup(logger, child);
                }
                else
                {
                    SandboxLog.CgroupRemoveFailed(logger, child);
                }
            }
        }
        return removed;
    }
}
