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

    /// <summary>
    /// A warm Python sandbox, made before any request: the default memory limit plus what the preloaded libraries
    /// hold, room for inputs, and a CPU backstop that also covers the warm-up. The wall clock is set when code arrives.
    /// </summary>
    public static SandboxLimits ForWarm(ExecutionOptions options, WarmPool.WarmPoolOptions pool)
    {
        var maxTimeout = TimeSpan.FromSeconds(options.MaxTimeoutSeconds);
        return new SandboxLimits
        {
            WallTimeout = maxTimeout,
            MemoryBytes = (options.MemoryMb + pool.PreloadMemoryMb) * MiB,
            MaxProcesses = options.MaxProcesses,
            MaxFileSizeBytes = options.MaxFileSizeMb * MiB,
            TmpBytes = options.TmpMb * MiB,
            WorkDirBytes = (options.WorkDirMb + pool.InputMb) * MiB,
            WorkDirInodes = options.WorkDirInodes,
            StdoutBytes = options.OutputLimitKb * 1024,
            StderrBytes = options.OutputLimitKb * 1024,
            CpuSeconds = (int)Math.Ceiling(maxTimeout.TotalSeconds * 2) + 30,
        };
    }
}
