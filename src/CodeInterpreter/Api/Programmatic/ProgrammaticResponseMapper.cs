using System.Globalization;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;

namespace CodeInterpreter.Api.Programmatic;

/// <summary>
/// A step onto the wire. The <c>error</c> strings are the ones LibreChat's client turns into friendly text
/// (<c>SAFE_CODE_API_EXECUTION_ERROR_DETAILS</c>, and the <c>Sandbox exited with code N</c> and
/// <c>Sandbox requested an unregistered tool: X</c> patterns in its CodeExecutor.ts); the rest reach the model as
/// "Code execution failed." with the program's stderr.
/// </summary>
internal static class ProgrammaticResponseMapper
{
    public const string ToolCallRequired = "tool_call_required";
    public const string Completed = "completed";
    public const string Error = "error";

    public static ProgrammaticResponseBody ToBody(ProgrammaticStep step) => step switch
    {
        ToolCallsStep calls => new ProgrammaticResponseBody
        {
            Status = ToolCallRequired,
            SessionId = calls.SessionId,
            ContinuationToken = calls.ContinuationToken,
            ToolCalls = [.. calls.Calls.Select(c => new ToolCallBody(c.Id, c.Name, c.Input))],
            Stdout = "",
            Stderr = "",
            Files = [],
            RuntimeSessionId = calls.RuntimeSession?.Id,
            RuntimeStatus = OutcomeWire.RuntimeStatus(calls.RuntimeSession),
        },
        FinishedStep finished => Finished(finished),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static ProgrammaticResponseBody Finished(FinishedStep step)
    {
        var o = step.Outcome;
        var error = ErrorOf(step);
        return new ProgrammaticResponseBody
        {
            Status = error is null ? Completed : Error,
            SessionId = o.SessionId,
            Stdout = o.Stdout,
            Stderr = o.Stderr,
            Files = OutcomeWire.Files(o),
            DeletedFiles = OutcomeWire.Deleted(o),
            ArtifactDelivery = OutcomeWire.Delivery(o),
            RuntimeSessionId = o.RuntimeSession?.Id,
            RuntimeStatus = OutcomeWire.RuntimeStatus(o.RuntimeSession),
            Error = error,
        };
    }

    /// <summary>Null for a program that ended cleanly; otherwise why it did not.</summary>
    public static string? ErrorOf(FinishedStep step) => step.Failure switch
    {
        ProgrammaticFailure.UnregisteredTool => $"Sandbox requested an unregistered tool: {step.FailureDetail}",
        ProgrammaticFailure.EmptyBatch => "sandbox emitted an empty pending tool call block; aborting to avoid a tight retry loop",
        ProgrammaticFailure.TooManyCalls => $"Sandbox requested too many tool calls at once ({step.FailureDetail})",
        ProgrammaticFailure.TooManyRoundTrips => "Sandbox exceeded the maximum number of tool round trips",
        ProgrammaticFailure.InvalidMessage => "Sandbox sent a malformed tool call block",
        ProgrammaticFailure.Cancelled => "Execution cancelled",
        _ => step.Outcome.Status switch
        {
            ExecutionStatus.Ok => null,
            ExecutionStatus.Cancelled => "Execution cancelled",
            var status => ExecStatusWire.LimitError(status)
                ?? $"Sandbox exited with code {step.Outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}",
        },
    };
}
