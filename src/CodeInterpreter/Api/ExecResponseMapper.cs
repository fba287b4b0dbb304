using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Execution;

namespace CodeInterpreter.Api;

/// <summary>Maps an outcome onto the reply: the contract's flat fields plus the Piston-style <c>run</c>.</summary>
internal static class ExecResponseMapper
{
    public static ExecResponseBody ToBody(ExecutionOutcome o)
    {
        var (status, message) = ExecStatusWire.Of(o);
        return new()
        {
            SessionId = o.SessionId,
            Stdout = o.Stdout,
            Stderr = o.Stderr,
            Files = OutcomeWire.Files(o),
            Language = o.Language,
            Version = o.Version,
            ExitCode = o.ExitCode,
            Signal = o.Signal,
            Status = status,
            Truncated = o.Truncated,
            WallTimeMs = (long)o.WallTime.TotalMilliseconds,
            CpuTimeMs = o.CpuTime is { } cpu ? (long)cpu.TotalMilliseconds : null,
            MemoryPeakBytes = o.MemoryPeakBytes,
            Run = new RunBody
            {
                Stdout = o.Stdout,
                Stderr = o.Stderr,
                Code = o.ExitCode,
                Signal = o.Signal,
                Output = o.Output,
                Memory = o.MemoryPeakBytes,
                Message = message,
                Status = status,
                CpuTime = o.CpuTime is { } c ? (long)c.TotalMilliseconds : null,
                WallTime = (long)o.WallTime.TotalMilliseconds,
            },
            Error = ExecStatusWire.LimitError(o.Status),
            DeletedFiles = OutcomeWire.Deleted(o),
            ArtifactDelivery = OutcomeWire.Delivery(o),
            RuntimeSessionId = o.RuntimeSession?.Id,
            RuntimeStatus = OutcomeWire.RuntimeStatus(o.RuntimeSession),
        };
    }
}
