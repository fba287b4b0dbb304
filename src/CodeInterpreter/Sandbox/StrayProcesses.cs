using System.Globalization;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox;

/// <summary>
/// At startup, before any job exists, every process whose real uid is one of this instance's sandbox uids is a
/// leftover: a sandbox of a previous process of this instance that was killed mid set-up (bwrap's pid-1 helper sets
/// its parent-death signal only once running, so a service killed at that moment leaves it reparented to init, in a
/// cgroup a data dir other than this one would never recover). The uid range belongs to the instance, so kill them.
/// </summary>
internal static class StrayProcesses
{
    /// <summary>SIGKILLs every process with a real uid in [first, first + count); returns how many were found.</summary>
    public static int KillAll(int firstUid, int count)
    {
        var found = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || RealUid(dir) is not { } uid || uid < firstUid || uid >= firstUid + count)
            {
                continue;
            }
            found++;
            _ = Libc.Kill(pid, Libc.SigKill);
        }
        return found;
    }

    private static int? RealUid(string procDir)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(procDir, "status")))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
        }
        return null;
    }
}
