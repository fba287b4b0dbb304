using System.Globalization;
using CodeInterpreter.Execution;

namespace CodeInterpreter.Api;

/// <summary>
/// Piston's status codes and messages for the <c>run</c> object (and the top-level <c>status</c>): null for a clean
/// exit, else TO (timeout), OL/EL (stdout/stderr limit), SG (signal, the OOM kill included), RE (non-zero exit),
/// CE (compile error), XX (internal or cancelled). The messages are the ones LibreChat's client maps to friendly text.
/// </summary>
internal static class ExecStatusWire
{
    public static (string? Status, string? Message) Of(ExecutionOutcome o) => o.Status switch
    {
        ExecutionStatus.Ok => (null, null),
        ExecutionStatus.Timeout => ("TO", "Time limit exceeded"),
        ExecutionStatus.OutOfMemory => ("SG", "Memory limit exceeded"),
        ExecutionStatus.StdoutLimit => ("OL", "Output limit exceeded"),
        ExecutionStatus.StderrLimit => ("EL", "Error output limit exceeded"),
        ExecutionStatus.Cancelled => ("XX", "Cancelled: the client disconnected"),
        ExecutionStatus.Signal => ("SG", $"Killed by {o.Signal}"),
        ExecutionStatus.RuntimeError => ("RE", $"Exited with code {o.ExitCode?.ToString(CultureInfo.InvariantCulture)}"),
        ExecutionStatus.CompileError => ("CE", "Compilation failed"),
        _ => ("XX", "The sandbox reported no exit status"),
    };

    /// <summary>
    /// The reply's <c>error</c> for a run a limit stopped, in the exact words LibreChat's client maps to friendly text
    /// (<c>SAFE_CODE_API_EXECUTION_ERROR_DETAILS</c> in its CodeExecutor.ts); null otherwise.
    /// </summary>
    public static string? LimitError(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Timeout => "Time limit exceeded",
        ExecutionStatus.OutOfMemory => "Out of memory",
        ExecutionStatus.StdoutLimit => "stdout length exceeded",
        ExecutionStatus.StderrLimit => "stderr length exceeded",
        _ => null,
    };
}
