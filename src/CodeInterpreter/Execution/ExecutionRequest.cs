using CodeInterpreter.Languages;

namespace CodeInterpreter.Execution;

/// <summary>A stored file to mount at <c>/mnt/data/&lt;Name&gt;</c>; Name null means the stored original name.</summary>
public sealed record FileRef(string Id, string SessionId, string? Name);

/// <summary>One execution as the API hands it over: already validated.</summary>
public sealed record ExecutionRequest
{
    public required LanguageSpec Language { get; init; }
    public required string Code { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyList<FileRef> Files { get; init; } = [];
    /// <summary>Make every file of this session available too (LibreChat's <c>read_file</c>).</summary>
    public string? SessionId { get; init; }
    public double? TimeoutMs { get; init; }
    /// <summary>The LibreChat user (the body's <c>user_id</c>, else the token's subject): per-user limits and quotas.</summary>
    public string? UserId { get; init; }
    /// <summary>The workspace of a stateful call (LibreChat's <c>runtime_session_hint</c>), or null.</summary>
    public Workspaces.RuntimeSessionSpec? RuntimeSession { get; init; }
    /// <summary>Which credential authenticated the request (<c>key 1</c>, <c>token</c>, ...): the storage quota per key.</summary>
    public string? Credential { get; init; }
}

/// <summary>Why an execution was refused before it ran.</summary>
public enum ExecutionError
{
    InputNotFound,
    InputConflict,
    /// <summary>More input files, or more bytes of them, than one execution may mount.</summary>
    InputTooLarge,
    QueueFull,
    SandboxUnavailable,
    LanguageUnavailable,
    /// <summary>The service is stopping: refused before running, or stopped at the shutdown deadline.</summary>
    ShuttingDown,
}

/// <summary>An execution refused before it ran; the API maps <see cref="Error"/> to a status code.</summary>
public sealed class ExecutionRefusedException(ExecutionError error, string message) : Exception(message)
{
    public ExecutionError Error { get; } = error;
}
