using System.Text.Json.Serialization;

namespace CodeInterpreter.Storage;

/// <summary>The sidecar <c>&lt;file_id&gt;.meta.json</c> written next to each data file.</summary>
internal sealed record ObjectMetadata(
    string Key,
    string OriginalName,
    string ContentType,
    long Size,
    [property: JsonPropertyName("etag")] string ETag,
    DateTimeOffset LastModified)
{
    public StoredFile ToStoredFile(string sessionId, string fileId) => new()
    {
        SessionId = sessionId,
        FileId = fileId,
        Key = Key,
        OriginalName = OriginalName,
        ContentType = ContentType,
        Size = Size,
        ETag = ETag,
        LastModified = LastModified,
    };
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ObjectMetadata))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
