namespace CodeInterpreter.Storage;

/// <summary>Metadata of one stored object, keyed <c>&lt;session_id&gt;/&lt;file_id&gt;&lt;ext&gt;</c>.</summary>
public sealed record StoredFile
{
    public required string SessionId { get; init; }
    public required string FileId { get; init; }
    /// <summary>The object key: <c>session_id/file_id.ext</c> (extension taken from the original name).</summary>
    public required string Key { get; init; }
    /// <summary>The original (client-side) file name, may hold '/' for nested paths.</summary>
    public required string OriginalName { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    /// <summary>Hex MD5 of the content, like S3's single-part ETag (without quotes).</summary>
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    /// <summary>Hex MD5 of the content when known; null when the store's ETag is not one (S3 multipart) and no digest was kept.</summary>
    public string? ContentMd5 { get; init; }

    /// <summary>
    /// When this node wrote the object, to the millisecond, where the store keeps only whole seconds (S3); null when
    /// <see cref="LastModified"/> is precise. Only breaks ties of <see cref="LastModified"/> (see <see cref="CompareRecency"/>).
    /// </summary>
    public DateTimeOffset? WrittenAt { get; init; }

    /// <summary>Orders writes: the store's clock first, then the writer's finer one for writes within the same second.</summary>
    public static int CompareRecency(StoredFile a, StoredFile b)
    {
        var byStore = a.LastModified.CompareTo(b.LastModified);
        return byStore != 0 ? byStore : (a.WrittenAt ?? a.LastModified).CompareTo(b.WrittenAt ?? b.LastModified);
    }

    /// <summary>The digest to compare contents with: <see cref="ContentMd5"/>, else the ETag (an MD5 for the local store).</summary>
    public string? Md5 => ContentMd5 ?? (ETag.Contains('-') ? null : ETag);
}

/// <summary>An object store for session files. Implementations: local disk (default) and S3 (several nodes).</summary>
public interface IFileStore
{
    /// <summary>Stores content atomically: a reader never sees a half-written object.</summary>
    Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken);

    /// <summary>Metadata of one object, or null.</summary>
    Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken);

    /// <summary>Opens an object's content for streaming, or null when absent.</summary>
    Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an object also available under another session, same file id and content (a hard link or a
    /// server-side copy, never a re-upload); null when the source is gone.
    /// </summary>
    Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken);

    /// <summary>Every object of a session (empty for an unknown session).</summary>
    Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Deletes one object; false when it was not there.</summary>
    Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken);

    /// <summary>Deletes every object last modified before <paramref name="cutoff"/>; returns how many were removed.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Whether the store can be used now (for /health); never throws.</summary>
    Task<StorageStatus> CheckAsync(CancellationToken cancellationToken);
}
