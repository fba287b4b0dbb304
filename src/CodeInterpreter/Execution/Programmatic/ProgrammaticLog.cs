namespace CodeInterpreter.Execution.Programmatic;

/// <summary>Programmatic tool calling log messages; event ids 1200-1249. Never a token, a tool input or a result.</summary>
internal static partial class ProgrammaticLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Programmatic execution {Execution} started: {Language}, {Tools} tools, session {SessionId}")]
    public static partial void Started(ILogger logger, string execution, string language, int tools, string sessionId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Programmatic execution {Execution} paused for {Calls} tool calls (round trip {RoundTrip})")]
    public static partial void Paused(ILogger logger, string execution, int calls, int roundTrip);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Programmatic execution {Execution} resumed after round trip {RoundTrip}")]
    public static partial void Resumed(ILogger logger, string execution, int roundTrip);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information,
        Message = "Programmatic execution {Execution} finished: {Status}, stopped by {Failure}, {RoundTrips} round trips, {ElapsedMs:0} ms")]
    public static partial void Finished(ILogger logger, string execution, ExecutionStatus status, ProgrammaticFailure failure, int roundTrips, double elapsedMs);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Programmatic execution {Execution} abandoned: no tool results within {Seconds} s; killed")]
    public static partial void Abandoned(ILogger logger, string execution, int seconds);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Programmatic execution {Execution} ended: {Reason}")]
    public static partial void Ended(ILogger logger, string execution, string reason);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Programmatic execution {Execution} stopped: its program broke a rule ({Failure})")]
    public static partial void Refused(ILogger logger, string execution, ProgrammaticFailure failure);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "A continuation was refused: {Reason}")]
    public static partial void ContinuationRefused(ILogger logger, string reason);
}
