namespace CodeInterpreter.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Stored {SessionId}/{FileId} ({Size} bytes)")]
    public static partial void ObjectStored(ILogger logger, string sessionId, string fileId, long size);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Deleted {SessionId}/{FileId}")]
    public static partial void ObjectDeleted(ILogger logger, string sessionId, string fileId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Ignoring unreadable metadata file {Path}")]
    public static partial void UnreadableMetadata(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Expired {SessionId}/{FileId}")]
    public static partial void ObjectExpired(ILogger logger, string sessionId, string fileId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Could not clean up {Path}")]
    public static partial void CleanupFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Removed {Count} stale temporary files")]
    public static partial void StaleTempFilesRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Expiry sweep removed {Count} files older than {Cutoff:O}")]
    public static partial void SweepCompleted(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Expiry sweep found nothing older than {Cutoff:O}")]
    public static partial void SweepFoundNothing(ILogger logger, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Expiry sweep failed; retrying at the next interval")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
