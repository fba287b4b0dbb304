using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution;

/// <summary>Turns the configured limits, the language's multipliers and the request into sandbox limits.</summary>
internal static class ExecutionLimits
{
    private const long MiB = 1024 * 1024;

    public static SandboxLimits For(ExecutionOptions options, ExecutionRequest request, long inputBytes)
    {
        var timeout = options.ClampTimeout(request.TimeoutMs);
        var language = request.Language;
        return new SandboxLimits
        {
            WallTimeout = timeout,
            MemoryBytes = (long)(options.MemoryMb * language.MemoryMultiplier) * MiB,
            MaxProcesses = (int)Math.Ceiling(options.MaxProcesses * language.ProcessMultiplier),
            MaxFileSizeBytes = options.MaxFileSizeMb * MiB,
            TmpBytes = options.TmpMb * MiB,
            // Inputs must fit, with the configured room to spare for what the program writes.
            WorkDirBytes = (options.WorkDirMb * MiB) + inputBytes,
            WorkDirInodes = options.WorkDirInodes,
            StdoutBytes = options.OutputLimitKb * 1024,
            StderrBytes = options.OutputLimitKb * 1024,
            // RLIMIT_CPU backstops the wall clock for each process; threads may use more CPU than wall time.
            CpuSeconds = (int)Math.Ceiling(timeout.TotalSeconds * 2) + 1,
        };
    }
}
