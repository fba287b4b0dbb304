using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

internal static class TestLimits
{
    private const long MiB = 1024 * 1024;

    public static SandboxLimits Default { get; } = new()
    {
        WallTimeout = TimeSpan.FromSeconds(20),
        MemoryBytes = 256 * MiB,
        MaxProcesses = 64,
        MaxFileSizeBytes = 64 * MiB,
        TmpBytes = 64 * MiB,
        WorkDirBytes = 64 * MiB,
        WorkDirInodes = 4096,
        StdoutBytes = 1024 * 1024,
        StderrBytes = 1024 * 1024,
        CpuSeconds = 20,
    };
}
