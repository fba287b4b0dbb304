namespace CodeInterpreter.Execution;

/// <summary>A file in the reply: new, changed (<see cref="ModifiedFrom"/>) or an unchanged input (<see cref="Inherited"/>).</summary>
public sealed record OutputFile(
    string Id,
    string Name,
    string StorageSessionId,
    long Size,
    string ContentType,
    bool Inherited = false,
    FileOrigin? ModifiedFrom = null);

/// <summary>The stored input a changed file came from.</summary>
public sealed record FileOrigin(string Id, string StorageSessionId);

/// <summary>
/// How an execution ended, Piston-style: <see cref="Status"/> is null for a clean exit, else
/// TO (timeout), OL/EL (stdout/stderr limit), SG (signal), RE (non-zero exit), XX (internal).
/// </summary>
public sealed record ExecutionOutcome
{
    public required string SessionId { get; init; }
    public required string Language { get; init; }
    public required string Version { get; init; }
    public required string Stdout { get; init; }
    public required string Stderr { get; init; }
    public required string Output { get; init; }
    public required IReadOnlyList<OutputFile> Files { get; init; }
    public int? ExitCode { get; init; }
    public string? Signal { get; init; }
    public string? Status { get; init; }
    public string? Message { get; init; }
    public bool Truncated { get; init; }
    public TimeSpan WallTime { get; init; }
    public TimeSpan? CpuTime { get; init; }
    public long? MemoryPeakBytes { get; init; }
}
