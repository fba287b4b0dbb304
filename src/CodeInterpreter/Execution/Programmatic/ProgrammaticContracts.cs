using System.Text.Json;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>A tool the program may call: the client's name for it, and the function name the program uses.</summary>
public sealed record ToolSpec(string Name, string Identifier, string? Description);

/// <summary>A first programmatic request, validated: the run (Python or bash) and the tools it may call.</summary>
public sealed record ProgrammaticRequest
{
    /// <summary>The run itself: language py or bash, code, files, session, timeout, workspace.</summary>
    public required ExecutionRequest Run { get; init; }
    public required IReadOnlyList<ToolSpec> Tools { get; init; }
    /// <summary>Who asked (see <c>AuthResult.Caller</c>): only the same caller may continue or cancel the execution.</summary>
    public required string Caller { get; init; }
    /// <summary>The client's id for this HTTP request (<c>X-LibreChat-Code-Request-ID</c>), for cancellation.</summary>
    public string? RequestId { get; init; }
}

/// <summary>A tool call the program made, as the client gets it: <see cref="Name"/> is the client's own name.</summary>
public sealed record ToolCall(string Id, string Name, JsonElement Input);

/// <summary>The client's answer to one call.</summary>
public sealed record ToolResult(string CallId, JsonElement? Result, bool IsError, string? ErrorMessage);

/// <summary>Why a programmatic execution stopped before its program ended by itself (beside the run's own limits).</summary>
public enum ProgrammaticFailure
{
    None,
    /// <summary>The program asked for a tool it was not given.</summary>
    UnregisteredTool,
    /// <summary>The program sent a batch with no call in it.</summary>
    EmptyBatch,
    /// <summary>More calls at once than <see cref="ProgrammaticOptions.MaxCallsPerRoundTrip"/>.</summary>
    TooManyCalls,
    /// <summary>More pauses than <see cref="ProgrammaticOptions.MaxRoundTrips"/>.</summary>
    TooManyRoundTrips,
    /// <summary>The program wrote something that is not a batch of calls on the tool channel.</summary>
    InvalidMessage,
    /// <summary>Cancelled by the client (or its connection went away).</summary>
    Cancelled,
}

/// <summary>Where an execution stands after a request: waiting for tool results, or over.</summary>
public abstract record ProgrammaticStep(string SessionId, RuntimeSessionInfo? RuntimeSession);

/// <summary>The program waits for these calls; continue with <see cref="ContinuationToken"/> and their results.</summary>
public sealed record ToolCallsStep(string SessionId, RuntimeSessionInfo? RuntimeSession, string ContinuationToken, IReadOnlyList<ToolCall> Calls)
    : ProgrammaticStep(SessionId, RuntimeSession);

/// <summary>The program ended: its outcome, and what stopped it if the service did.</summary>
public sealed record FinishedStep(ExecutionOutcome Outcome, ProgrammaticFailure Failure, string? FailureDetail)
    : ProgrammaticStep(Outcome.SessionId, Outcome.RuntimeSession);

public enum ContinuationStatus
{
    Continued,
    /// <summary>No paused execution has this token for this caller (unknown, used, expired, or another caller's).</summary>
    NotFound,
    /// <summary>Another continuation of the same execution is being handled now (409).</summary>
    Busy,
}

public sealed record ContinuationResult(ContinuationStatus Status, ProgrammaticStep? Step = null);
