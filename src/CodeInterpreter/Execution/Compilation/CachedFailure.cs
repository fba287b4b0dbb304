using System.Text.Json.Serialization;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>
/// What a failed compile showed, stored next to the (empty) artifact: the compiler's words, and for a compile killed
/// at a limit, which limit and under which setting (<paramref name="TimeoutSeconds"/>, <paramref name="MemoryMb"/>),
/// so a rerun answers with the same message and a raised limit compiles again.
/// </summary>
internal sealed record CachedFailure(int? ExitCode, byte[] Stdout, byte[] Stderr, string? Signal = null, bool TimedOut = false,
    bool OutOfMemory = false, long WallTimeMs = 0, long? CpuTimeMs = null, long? MemoryPeakBytes = null, int TimeoutSeconds = 0, int MemoryMb = 0)
{
    public static CachedFailure From(SandboxResult r, int timeoutSeconds, int memoryMb) =>
        new(r.ExitCode, r.Stdout, r.Stderr, r.Signal, r.TimedOut, r.OutOfMemory, (long)r.WallTime.TotalMilliseconds,
            (long?)r.CpuTime?.TotalMilliseconds, r.MemoryPeakBytes, timeoutSeconds, memoryMb);

    public SandboxResult ToResult() => new()
    {
        ExitCode = ExitCode,
        Signal = Signal,
        Stdout = Stdout,
        Stderr = Stderr,
        Output = [.. Stdout, .. Stderr],
        TimedOut = TimedOut,
        OutOfMemory = OutOfMemory,
        WallTime = TimeSpan.FromMilliseconds(WallTimeMs),
        CpuTime = CpuTimeMs is { } cpu ? TimeSpan.FromMilliseconds(cpu) : null,
        MemoryPeakBytes = MemoryPeakBytes,
    };
}

[JsonSerializable(typeof(CachedFailure))]
internal sealed partial class CompileCacheJsonContext : JsonSerializerContext;
