using System.Globalization;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Api;

/// <summary>The shapes in which the contract shows one stored file.</summary>
internal static class StoredFileBodies
{
    public static UploadedFileBody Uploaded(StoredFile f) => new()
    {
        FileId = f.FileId,
        Filename = f.OriginalName,
        Id = f.FileId,
        Name = f.OriginalName,
        SessionId = f.SessionId,
        StorageSessionId = f.SessionId,
        Size = f.Size,
        LastModified = Timestamp(f.LastModified),
        ETag = f.ETag,
        ContentType = f.ContentType,
        Metadata = Metadata(f),
    };

    public static FileSummaryBody Summary(StoredFile f, bool full) => new()
    {
        Name = f.Key,
        Size = f.Size,
        LastModified = Timestamp(f.LastModified),
        ETag = f.ETag,
        ContentType = full ? f.ContentType : null,
        Metadata = full ? Metadata(f) : null,
    };

    public static NormalizedFileBody Normalized(StoredFile f) => new()
    {
        Id = f.FileId,
        Name = f.OriginalName,
        StorageSessionId = f.SessionId,
        SessionId = f.SessionId,
        Size = f.Size,
        ContentType = f.ContentType,
        LastModified = Timestamp(f.LastModified),
    };

    public static ObjectInfoBody Object(StoredFile f) => new()
    {
        Name = f.Key,
        Id = f.FileId,
        SessionId = f.SessionId,
        StorageSessionId = f.SessionId,
        OriginalFilename = f.OriginalName,
        Size = f.Size,
        LastModified = Timestamp(f.LastModified),
        ETag = f.ETag,
        ContentType = f.ContentType,
    };

    private static FileMetadataBody Metadata(StoredFile f) => new(f.ContentType, f.OriginalName);

    /// <summary>ISO 8601 UTC with milliseconds and Z, as S3 listings show it (LibreChat parses it with Date).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
