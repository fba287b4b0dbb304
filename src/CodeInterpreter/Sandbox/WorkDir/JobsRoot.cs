using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>The directory of all job dirs: root-owned 0711, so job uids can reach their own dir but list nothing.</summary>
internal static class JobsRoot
{
    /// <summary>Creates the root, sets its mode, removes what a crash left behind; returns a problem or null.</summary>
    public static string? Prepare(string path, ILogger logger)
    {
        Directory.CreateDirectory(path);
        UnixModes.Set(path, UnixModes.TraverseOnly);
        var (removed, failed) = JobDirectory.RecoverAll(path);
        if (removed > 0)
        {
            SandboxLog.RecoveredJobDirs(logger, removed);
        }
        foreach (var dir in failed)
        {
            SandboxLog.JobDirNotRemoved(logger, dir);
        }
        return UnreachableAncestor(path) is { } blocked
            ? $"job uids cannot reach {path}: {blocked} is not searchable by others (needs o+x)"
            : null;
    }

    /// <summary>bwrap runs as the job uid and must traverse every ancestor of the bind sources.</summary>
    private static string? UnreachableAncestor(string path)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if ((UnixModes.Get(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return dir;
            }
        }
        return null;
    }
}
