
namespace CodeInterpreter.Sandbox;

/// <summary>Sandbox log messages; event ids 2000-2099.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(2000, LogLevel.Information,
        "Sandbox ready: cgroup {CgroupVersion}, bwrap {BwrapVersion}, seccomp {Seccomp}, {UidSlots} uid slots")]
    public static partial void Ready(ILogger logger, string cgroupVersion, string? bwrapVersion, bool seccomp, int uidSlots);

    [LoggerMessage(2001, LogLevel.Error, "Sandbox unavailable, executions will fail: {Problems}")]
    public static partial void Unavailable(ILogger logger, string problems);

    [LoggerMessage(2002, LogLevel.Warning, "Sandbox: {Problem}")]
    public static partial void Degraded(ILogger logger, string problem);

    [LoggerMessage(2003, LogLevel.Warning, "Removed {Count} job directories left behind by a previous process")]
    public static partial void RecoveredJobDirs(ILogger logger, int count);

    [LoggerMessage(2004, LogLevel.Error, "Could not unmount or remove job directory {Path}; it is left in place")]
    public static partial void JobDirNotRemoved(ILogger logger, string path);

    [LoggerMessage(2005, LogLevel.Warning, "Removed leftover cgroup {Path}")]
    public static partial void RecoveredCgroup(ILogger logger, string path);

    [LoggerMessage(2006, LogLevel.Information, "libseccomp does not know {Syscalls}; those rules were skipped")]
    public static partial void SeccompSkipped(ILogger logger, string syscalls);

    [LoggerMessage(2007, LogLevel.Information,
        "Sandboxes get no TCP/UDP sockets (not even loopback): this kernel (cgroup {CgroupVersion}) does not charge socket buffers to a job's memory limit")]
    public static partial void InetSocketsDenied(ILogger logger, string cgroupVersion);

    [LoggerMessage(2010, LogLevel.Debug, "Job {Job} created with uid {Uid}")]
    public static partial void JobCreated(ILogger logger, string job, int uid);

    [LoggerMessage(2011, LogLevel.Debug, "Job {Job} run {Run} starting {Program}")]
    public static partial void RunStarting(ILogger logger, string job, int run, string program);

    [LoggerMessage(2012, LogLevel.Debug,
        "Job {Job} run {Run} ended: exit {ExitCode} {Signal} in {WallMs:0} ms, timed out {TimedOut}, OOM {OutOfMemory}, cancelled {Cancelled}")]
    public static partial void RunFinished(ILogger logger, string job, int run, int? exitCode, string? signal, double wallMs,
        bool timedOut, bool outOfMemory, bool cancelled);

    [LoggerMessage(2013, LogLevel.Debug, "Job {Job} removed")]
    public static partial void JobRemoved(ILogger logger, string job);

    [LoggerMessage(2020, LogLevel.Warning, "Processes survived the kill loop in {Cgroups}")]
    public static partial void CgroupNotEmpty(ILogger logger, string cgroups);

    [LoggerMessage(2021, LogLevel.Warning, "Could not remove cgroup {Path}")]
    public static partial void CgroupRemoveFailed(ILogger logger, string path);

    [LoggerMessage(2022, LogLevel.Error, "Sandbox teardown of {What} failed")]
    public static partial void TeardownFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 2090, Level = LogLevel.Warning,
        Message = "Killed {Count} leftover processes of sandbox uids {First}-{Last} (a sandbox of an earlier run of this instance)")]
    public static partial void StrayProcessesKilled(ILogger logger, int count, int first, int last);
}
