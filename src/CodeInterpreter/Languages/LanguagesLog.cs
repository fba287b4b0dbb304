namespace CodeInterpreter.Languages;

internal static partial class LanguagesLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Runtime for '{Language}' is not usable: {Reason}")]
    public static partial void RuntimeMissing(ILogger logger, string language, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Prepared matplotlib's font cache in {Directory}")]
    public static partial void FontCachePrepared(ILogger logger, string directory);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Could not prepare matplotlib's font cache: {Reason}")]
    public static partial void FontCacheFailed(ILogger logger, string reason);
}
