using System.Globalization;
using System.Text;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>Reads and writes of cgroup control files, and the kill-until-empty loop shared by v1 and v2.</summary>
internal static class CgroupFs
{
    public const string Procs = "cgroup.procs";
    private const int KillRounds = 200;
    private const int RemoveRounds = 50;
    private const int Ebusy = 16;

    /// <summary>Writes a control file that must exist (cgroupfs files cannot be created, only written).</summary>
    public static void Write(string file, string value)
    {
        using var stream = new FileStream(file, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(Encoding.ASCII.GetBytes(value));
    }

    /// <summary>Moves a process into a cgroup (appending, like <c>echo pid &gt;&gt; cgroup.procs</c>).</summary>
    public static void AddProcess(string procsFile, int pid)
    {
        using var stream = new FileStream(procsFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n"));
    }

    /// <summary>Writes a control file if the kernel provides it; false when it does not exist.</summary>
    public static bool TryWrite(string file, string value)
    {
        if (!File.Exists(file))
        {
            return false;
        }
        Write(file, value);
        return true;
    }

    public static string? TryRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long? ReadLong(string file) =>
        long.TryParse(TryRead(file)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The value of <c>key N</c> in a flat-keyed file such as memory.events or memory.oom_control.</summary>
    public static long? ReadKeyed(string file, string key)
    {
        foreach (var line in (TryRead(file) ?? "").Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }
        return null;
    }

    public static List<int> ReadPids(string procsFile)
    {
        var pids = new List<int>();
        foreach (var line in (TryRead(procsFile) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    /// <summary>
    /// SIGKILLs every process in the cgroup until it is empty (bounded). A daemon that escaped with setsid or a
    /// double fork is still in the cgroup, so it dies here too. Returns false if processes remain.
    /// </summary>
    public static bool KillAll(string dir)
    {
        var procs = Path.Combine(dir, Procs);
        for (var round = 0; round < KillRounds; round++)
        {
            var pids = ReadPids(procs);
            if (pids.Count == 0)
            {
                return true;
            }
            foreach (var pid in pids)
            {
                Libc.Kill(pid, Libc.SigKill);
            }
            Thread.Sleep(round < 10 ? 1 : 10);
        }
        return ReadPids(procs).Count == 0;
    }

    /// <summary>rmdir of a cgroup (never recursive: its control files cannot be unlinked). True when gone.</summary>
    public static bool TryRemove(string dir)
    {
        for (var round = 0; round < RemoveRounds; round++)
        {
            try
            {
                Directory.Delete(dir, recursive: false);
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }
            catch (IOException e) when (e.HResult == Ebusy)
            {
                // The last killed tasks are still exiting.
                Thread.Sleep(10);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
        return !Directory.Exists(dir);
    }
}
