using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>A compile's outcome: an artifact directory to bind read-only, or the compiler's failure.</summary>
/// <param name="ArtifactDir">host path of the artifact (null when the compile failed).</param>
/// <param name="Failure">the compiler run, when it failed.</param>
/// <param name="Lease">keeps the cache entry from eviction while a run uses it.</param>
public sealed record CompileResult(string? ArtifactDir, SandboxResult? Failure, IDisposable Lease, bool FromCache) : IDisposable
{
    public void Dispose() => Lease.Dispose();
}

/// <summary>Counters since start, shown in /health.</summary>
public sealed record CompileCacheStats(long Hits, long Misses, long Compiles, int Entries, long Bytes, long CapacityBytes);
