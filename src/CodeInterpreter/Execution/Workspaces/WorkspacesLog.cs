namespace CodeInterpreter.Execution.Workspaces;

/// <summary>Workspace log messages; event ids 1300-1349. Runtime session ids are hashes: safe to log.</summary>
internal static partial class WorkspacesLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Runtime session {RuntimeSessionId} is busy: the caller waited its turn in vain")]
    public static partial void Busy(ILogger logger, string runtimeSessionId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Runtime session {RuntimeSessionId} runs without its workspace: {Reason}")]
    public static partial void Degraded(ILogger logger, string runtimeSessionId, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Runtime session {RuntimeSessionId} idled past its TTL; its workspace was removed")]
    public static partial void Expired(ILogger logger, string runtimeSessionId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Removed {Count} idle workspaces and stale leases")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Workspace sweep failed; retrying at the next interval")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
