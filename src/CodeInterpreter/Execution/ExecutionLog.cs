namespace CodeInterpreter.Execution;

internal static partial class ExecutionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Executed {Language} as session {SessionId}: {Status}, exit {ExitCode}, {ElapsedMs:0} ms, {FileCount} files")]
    public static partial void Finished(ILogger logger, string language, string sessionId, ExecutionStatus status, int? exitCode, double elapsedMs, int fileCount);
}
