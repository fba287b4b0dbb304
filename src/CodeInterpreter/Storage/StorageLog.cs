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

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Storage unavailable: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Could not abort the multipart upload of {Key}; the sweeper retries")]
    public static partial void AbortFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    public static partial void BucketCreated(ILogger logger, string bucket);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Debug, Message = "Expiry sweep skipped: node {Holder} holds the sweep lease")]
    public static partial void SweepLeaseHeldElsewhere(ILogger logger, string holder);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Information, Message = "Storage: {Backend} ({Where})")]
    public static partial void StoreSelected(ILogger logger, string backend, string where);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Storage quota ({Limit}) refused a write for {Credential}, user {User}")]
    public static partial void QuotaRefused(ILogger logger, Quota.QuotaLimit limit, string credential, string user);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Debug, Message = "The store holds {Bytes} bytes (total quota {TotalMb} MiB, 0 = off)")]
    public static partial void QuotaMeasured(ILogger logger, long bytes, int totalMb);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "Could not measure the store for the total quota; the last measurement stays")]
    public static partial void QuotaMeasureFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "Storage is not usable at startup ({Problem}); requests that need it get 503 until it is")]
    public static partial void StoreUnusableAtStartup(ILogger logger, string problem);
}
