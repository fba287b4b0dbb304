namespace CodeInterpreter.Execution.WarmPool;

internal static partial class WarmPoolLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Could not start a warm Python sandbox (runs go cold meanwhile): {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason);
}
