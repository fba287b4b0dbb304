using System.Runtime.InteropServices;

namespace CodeInterpreter.Hosting.Connections;

/// <summary>RLIMIT_NOFILE of this process, read and raised through libc.</summary>
internal static partial class DescriptorLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>Raises the soft limit to the hard one; the limits afterwards (the old ones when the call fails).</summary>
    public static (long Soft, long Hard) RaiseSoftToHard()
    {
        if (GetRlimit(RlimitNofile, out var limit) != 0)
        {
            return (0, 0);
        }
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetRlimit(RlimitNofile, in raised) == 0)
            {
                limit = raised;
            }
        }
        return (Clamp(limit.Current), Clamp(limit.Maximum));
    }

    /// <summary>Descriptors open now, from /proc/self/fd (-1 when it cannot be read).</summary>
    public static int OpenNow()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    // RLIM_INFINITY is ulong.MaxValue; no kernel allows that many descriptors (fs.nr_open caps it).
    private static long Clamp(ulong value) => value > int.MaxValue ? int.MaxValue : (long)value;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, in Rlimit limit);
}
