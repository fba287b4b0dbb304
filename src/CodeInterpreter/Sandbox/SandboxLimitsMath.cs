
namespace CodeInterpreter.Sandbox;

/// <summary>Derived per-run numbers shared by the cgroup and rlimit settings.</summary>
internal static class SandboxLimitsMath
{
    /// <summary>Tasks of the launch chain under the job's uid: bwrap's outer monitor and the sandbox-init (pid 1 inside).</summary>
    public const int LauncherTasks = 2;

    /// <summary>pids.max and RLIMIT_NPROC: the payload's processes and threads plus the chain's own.</summary>
    public static int PidsMax(SandboxLimits limits) => limits.MaxProcesses + LauncherTasks;
}
