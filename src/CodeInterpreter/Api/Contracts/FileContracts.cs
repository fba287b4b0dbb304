using System.Text.Json.Serialization;

namespace CodeInterpreter.Api.Contracts;

/// <summary>Object metadata as S3-style listings name it.</summary>
public sealed record FileMetadataBody(
    [property: JsonPropertyName("content-type")] string ContentType,
    [property: JsonPropertyName("original-filename")] string OriginalFilename);

/// <summary>One uploaded file: the contract's <c>fileId</c>/<c>filename</c> plus the original API's file object.</summary>
public sealed record UploadedFileBody
{
    [JsonPropertyName("fileId")] public required string FileId { get; init; }
    [JsonPropertyName("filename")] public required string Filename { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("lastModified")] public required string LastModified { get; init; }
    [JsonPropertyName("etag")] public required string ETag { get; init; }
    [JsonPropertyName("contentType")] public required string ContentType { get; init; }
    [JsonPropertyName("metadata")] public required FileMetadataBody Metadata { get; init; }
}

public sealed record UploadResponseBody
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<UploadedFileBody> Files { get; init; }
}

/// <summary>One entry of a batch upload: <c>status</c> is "success" or "error".</summary>
public sealed record BatchFileBody
{
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("filename")] public required string Filename { get; init; }
    [JsonPropertyName("fileId")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FileId { get; init; }
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
    [JsonPropertyName("file")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public UploadedFileBody? File { get; init; }
}

public sealed record BatchUploadResponseBody
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<BatchFileBody> Files { get; init; }
    [JsonPropertyName("succeeded")] public int Succeeded { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
}

/// <summary><c>detail=summary</c> (and the base of <c>full</c>).</summary>
public sealed record FileSummaryBody
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("lastModified")] public required string LastModified { get; init; }
    [JsonPropertyName("etag")] public required string ETag { get; init; }
    [JsonPropertyName("contentType")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ContentType { get; init; }
    [JsonPropertyName("metadata")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FileMetadataBody? Metadata { get; init; }
}

/// <summary><c>detail=normalized</c>.</summary>
public sealed record NormalizedFileBody
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("contentType")] public required string ContentType { get; init; }
    [JsonPropertyName("lastModified")] public required string LastModified { get; init; }
}

/// <summary>GET /sessions/{sid}/objects/{fid} (Gen C freshness check).</summary>
public sealed record ObjectInfoBody
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("originalFilename")] public required string OriginalFilename { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("lastModified")] public required string LastModified { get; init; }
    [JsonPropertyName("etag")] public required string ETag { get; init; }
    [JsonPropertyName("contentType")] public required string ContentType { get; init; }
}

public sealed record DeletedBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("fileId")] string FileId);
