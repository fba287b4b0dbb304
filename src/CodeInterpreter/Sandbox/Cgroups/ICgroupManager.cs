
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>Creates per-run cgroups (memory and pids limits, OOM and peak accounting) on a v1 or v2 host.</summary>
internal interface ICgroupManager
{
    /// <summary>"v1" or "v2".</summary>
    string Version { get; }

    /// <summary>Creates the parent cgroup(s) under which jobs live (v2: moves the service into its leaf first).</summary>
    void Prepare();

    /// <summary>Kills and removes job cgroups left behind by a previous process; returns how many were removed.</summary>
    int RecoverLeftovers();

    /// <summary>Creates an empty cgroup for one run with the limits applied.</summary>
    IJobCgroup CreateJob(string jobName, SandboxLimits limits);

    /// <summary>Best-effort removal of the (empty) parent cgroups at shutdown.</summary>
    void TryRemoveParents();
}

/// <summary>The cgroup(s) of one run. Dispose kills everything left in them and removes them; it never throws.</summary>
internal interface IJobCgroup : IDisposable
{
    /// <summary>The cgroup.procs files the launcher must write its pid to before it execs anything else.</summary>
    IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>SIGKILLs every process in the job until none is left (bounded); false if some survived.</summary>
    bool KillAll();

    /// <summary>Whether the kernel OOM killer fired inside this cgroup.</summary>
    bool OomKilled();

    long? MemoryPeakBytes();

    TimeSpan? CpuTime();
}
