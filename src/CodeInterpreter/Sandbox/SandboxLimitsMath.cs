
namespace CodeInterpreter.Sandbox;

/// <summary>Derived per-run numbers shared by the cgroup and rlimit settings.</summary>
internal static class SandboxLimitsMath
{
    /// <summary>Tasks bwrap itself needs under the job's uid: its outer monitor and the pid-1 reaper inside.</summary>
    public const int LauncherTasks = 2;

    /// <summary>pids.max and RLIMIT_NPROC: the payload's processes and threads plus bwrap's own.</summary>
    public static int PidsMax(SandboxLimits limits) => limits.MaxProcesses + LauncherTasks;
}
