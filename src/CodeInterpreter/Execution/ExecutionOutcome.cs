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

/// <summary>How a run ended; the first limit that was hit wins (a timeout is reported even if output also overflowed).</summary>
public enum ExecutionStatus
{
    /// <summary>Exit code 0.</summary>
    Ok,
    /// <summary>A non-zero exit code.</summary>
    RuntimeError,
    /// <summary>Killed at the wall-clock limit.</summary>
    Timeout,
    /// <summary>Killed by the memory cgroup.</summary>
    OutOfMemory,
    /// <summary>Stdout passed its cap: the run was killed.</summary>
    StdoutLimit,
    /// <summary>Stderr passed its cap: the run was killed.</summary>
    StderrLimit,
    /// <summary>Ended by a signal it did not get from us.</summary>
    Signal,
    /// <summary>The compiler refused the program; nothing ran.</summary>
    CompileError,
    /// <summary>The client went away (or the service shut down) and the run was killed.</summary>
    Cancelled,
    /// <summary>The sandbox reported no exit status.</summary>
    Internal,
}

/// <summary>How an execution ended, with what it printed and the files it left.</summary>
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
    public required ExecutionStatus Status { get; init; }
    public bool Truncated { get; init; }
    public TimeSpan WallTime { get; init; }
    public TimeSpan? CpuTime { get; init; }
    public long? MemoryPeakBytes { get; init; }
    /// <summary>Input names (refs and workspace files) the program removed from /mnt/data.</summary>
    public IReadOnlyList<string> DeletedFiles { get; init; } = [];
    /// <summary>Set when some new or changed files could not be stored (the store failed part-way).</summary>
    public ArtifactDelivery? ArtifactDelivery { get; init; }
    /// <summary>The workspace the run used (stateful runtime sessions), or null.</summary>
    public RuntimeSessionInfo? RuntimeSession { get; init; }
}

/// <summary>How many new or changed files were to be stored, and how many made it.</summary>
public sealed record ArtifactDelivery(int Attempted, int Delivered, int Failed);

/// <summary>The workspace of a stateful call: its id, and whether an earlier call's files were there.</summary>
public sealed record RuntimeSessionInfo(string Id, bool Reused);

/// <summary>A file's size and MD5 (hex), e.g. as a workspace restored it.</summary>
public sealed record FileDigest(long Size, string Md5);
