using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// Freezing a run while it waits for the service, and telling whether every thread of it is asleep. Works on the
/// run's cgroup, so a process that left the tree (setsid, double fork) is frozen too.
/// </summary>
internal static class JobSignals
{
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int MaxSweeps = 10;

    /// <summary>
    /// SIGSTOP to every process of the job, sweeping until a sweep finds nobody new: a process that forked between
    /// reading the list and the signal is caught by the next sweep (the pids limit bounds how many there can be).
    /// </summary>
    public static void StopAll(IJobCgroup cgroup)
    {
        var stopped = new HashSet<int>();
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var fresh = Pids(cgroup).Where(stopped.Add).ToList();
            if (fresh.Count == 0 && sweep > 0)
            {
                return;
            }
            foreach (var pid in fresh)
            {
                _ = Libc.Kill(pid, SigStop);
            }
        }
    }

    public static void ContinueAll(IJobCgroup cgroup)
    {
        foreach (var pid in Pids(cgroup))
        {
            _ = Libc.Kill(pid, SigCont);
        }
    }

    /// <summary>
    /// True when no thread of the job is running or runnable (R) or in an uninterruptible wait (D): every one sleeps,
    /// waits on the service, or is stopped. A thread that vanished while we looked counts as asleep.
    /// </summary>
    public static bool AllAsleep(IJobCgroup cgroup)
    {
        var any = false;
        foreach (var tid in Threads(cgroup))
        {
            any = true;
            if (State(tid) is 'R' or 'D' or 'W')
            {
                return false;
            }
        }
        return any;
    }

    private static IEnumerable<int> Pids(IJobCgroup cgroup) => cgroup.ProcsFiles.Take(1).SelectMany(CgroupFs.ReadPids);

    /// <summary>Thread ids: v1 lists them in <c>tasks</c>, v2 in <c>cgroup.threads</c>, next to <c>cgroup.procs</c>.</summary>
    private static IEnumerable<int> Threads(IJobCgroup cgroup)
    {
        var dir = Path.GetDirectoryName(cgroup.ProcsFiles[0])!;
        var v1 = Path.Combine(dir, "tasks");
        return CgroupFs.ReadPids(File.Exists(v1) ? v1 : Path.Combine(dir, "cgroup.threads"));
    }

    /// <summary>The state letter of /proc/&lt;tid&gt;/stat: the field after the command name in parentheses.</summary>
    private static char State(int tid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{tid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length ? stat[end + 2] : 'X';
        }
        catch (IOException)
        {
            return 'X';
        }
    }
}
