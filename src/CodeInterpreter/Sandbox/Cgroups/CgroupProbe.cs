
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>Limits for the throw-away cgroup created at startup to prove the limits can be written.</summary>
internal static class CgroupProbe
{
    public static SandboxLimits Limits { get; } = new()
    {
        WallTimeout = TimeSpan.FromSeconds(1),
        MemoryBytes = 64L * 1024 * 1024,
        MaxProcesses = 8,
        MaxFileSizeBytes = 1024 * 1024,
        TmpBytes = 1024 * 1024,
        WorkDirBytes = 1024 * 1024,
        WorkDirInodes = 64,
        StdoutBytes = 1024,
        StderrBytes = 1024,
        CpuSeconds = 1,
    };
}
