using System.Globalization;
using System.Security.Cryptography;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>
/// &lt;JobsRoot&gt;/&lt;24 random hex&gt;/ (root, 0711) holding <c>work/</c>, the job's own tmpfs (quota, nosuid,
/// nodev, owned by the job uid), and <c>code/</c> (root, 0755). The random name keeps host paths unguessable:
/// /proc/self/mountinfo inside the sandbox shows the bind source.
/// </summary>
internal sealed class JobDirectory
{
    public const int NameLength = 24;

    private JobDirectory(string root, string name)
    {
        Name = name;
        Root = Path.Combine(root, name);
    }

    public string Name { get; }
    public string Root { get; }
    public string WorkDir => Path.Combine(Root, "work");
    public string CodeDir => Path.Combine(Root, "code");

    /// <summary>Holds the job's channel socket; root-owned 0755, bound read-only into the sandbox.</summary>
    public string ChannelDir => Path.Combine(Root, "channel");

    public string CreateChannelDir()
    {
        UnixModes.CreateDirectory(ChannelDir, UnixModes.ReadableDirectory);
        return ChannelDir;
    }

    public static bool IsJobName(string name) =>
        name.Length == NameLength && name.All(char.IsAsciiHexDigitLower);

    public static JobDirectory Create(string jobsRoot, int uid, SandboxLimits limits)
    {
        var job = new JobDirectory(jobsRoot, RandomNumberGenerator.GetHexString(NameLength, lowercase: true));
        UnixModes.CreateDirectory(job.Root, UnixModes.TraverseOnly);
        try
        {
            // The mount point itself; the tmpfs mounted on it gets mode 0700 and the job uid as owner.
            UnixModes.CreateDirectory(job.WorkDir, UnixModes.Rwx);
            UnixModes.CreateDirectory(job.CodeDir, UnixModes.ReadableDirectory);
            MountWorkTmpfs(job.WorkDir, uid, limits);
            return job;
        }
        catch
        {
            TryDestroy(job.Root);
            throw;
        }
    }

    /// <summary>
    /// Unmounts the work tmpfs and deletes the job dir. False (and nothing deleted) if the unmount failed;
    /// throws if the delete fails.
    /// </summary>
    public bool Destroy() => TryDestroy(Root);

    /// <summary>Startup sweep: unmounts and deletes every job dir a crashed process left behind.</summary>
    public static (int Removed, List<string> Failed) RecoverAll(string jobsRoot)
    {
        var removed = 0;
        var failed = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(jobsRoot).Where(d => IsJobName(Path.GetFileName(d))))
        {
            try
            {
                if (TryDestroy(dir))
                {
                    removed++;
                    continue;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            failed.Add(dir);
        }
        return (removed, failed);
    }

    private static void MountWorkTmpfs(string workDir, int uid, SandboxLimits limits)
    {
        // Disk fill: size and inode quotas. nosuid/nodev: a planted setuid binary or device node is inert.
        // A separate file system also makes hard links to host files impossible (EXDEV). No uid=/gid= option: the
        // options show in the sandbox's mountinfo, so the job uid owns the fresh, empty root by fchown instead.
        var data = string.Create(CultureInfo.InvariantCulture,
            $"size={limits.WorkDirBytes},nr_inodes={limits.WorkDirInodes},mode=0700");
        if (Libc.Mount("tmpfs", workDir, "tmpfs", Libc.MsNoSuid | Libc.MsNoDev, data) != 0)
        {
            var errno = Libc.LastError;
            throw new IOException($"mount tmpfs on {workDir} failed: {Libc.ErrorText(errno)}");
        }
        using var root = DirectoryHandle.OpenRoot(workDir);
        if (Libc.FChown(DirectoryHandle.Fd(root), (uint)uid, (uint)uid) != 0)
        {
            var errno = Libc.LastError;
            throw new IOException($"chown of {workDir} failed: {Libc.ErrorText(errno)}");
        }
    }

    private static bool TryDestroy(string root)
    {
        var work = Path.Combine(root, "work");
        // Stacked mounts are possible after a crash mid-create; EINVAL means "not a mount point" (done).
        for (var i = 0; i < 8 && Libc.Umount2(work, Libc.MntDetach) == 0; i++)
        {
        }
        if (IsMountPoint(work, root))
        {
            // Never recurse into a tree the sandbox controls as root.
            return false;
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return true;
    }

    private static bool IsMountPoint(string path, string parent) =>
        StatxInfo.TryGet(Libc.AtFdCwd, path, out var child) == 0
        && StatxInfo.TryGet(Libc.AtFdCwd, parent, out var outer) == 0
        && (child.DevMajor, child.DevMinor) != (outer.DevMajor, outer.DevMinor);
}
