namespace CodeInterpreter.Execution.Compilation;

internal static partial class CompileCacheLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Cached compile {Key}… ({Bytes} bytes)")]
    public static partial void Stored(ILogger logger, string key, long bytes);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Evicted compile {Key}… from the cache")]
    public static partial void Evicted(ILogger logger, string key);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Compile {Key}… cancelled: every request waiting for it went away")]
    public static partial void Abandoned(ILogger logger, string key);
}
