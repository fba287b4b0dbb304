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
}
