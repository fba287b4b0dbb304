using System.Text.Json.Serialization;

namespace CodeInterpreter.Api.Contracts;

/// <summary>POST /exec body, both client generations; unknown fields (API keys included) are ignored.</summary>
public sealed record ExecRequestBody
{
    [JsonPropertyName("lang")] public string? Lang { get; init; }
    [JsonPropertyName("code")] public string? Code { get; init; }
    /// <summary>An array, or a single string in the original API's document.</summary>
    [JsonPropertyName("args")] [JsonConverter(typeof(ArgsConverter))] public IReadOnlyList<string>? Args { get; init; }
    [JsonPropertyName("files")] public IReadOnlyList<FileRefBody?>? Files { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("user_id")] public string? UserId { get; init; }
    /// <summary>Milliseconds.</summary>
    [JsonPropertyName("timeout")] public double? Timeout { get; init; }
    [JsonPropertyName("entity_id")] public string? EntityId { get; init; }
    /// <summary>LibreChat's stateful sessions: a conversation key whose /mnt/data persists between calls.</summary>
    [JsonPropertyName("runtime_session_hint")] public string? RuntimeSessionHint { get; init; }
}

/// <summary>Gen A <c>{id, session_id, name}</c> or Gen C <c>{id, storage_session_id, name, resource_id, kind, version}</c>.</summary>
public sealed record FileRefBody
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("storage_session_id")] public string? StorageSessionId { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record ExecResponseBody
{
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("stdout")] public required string Stdout { get; init; }
    [JsonPropertyName("stderr")] public required string Stderr { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<ExecFileBody> Files { get; init; }
    [JsonPropertyName("language")] public required string Language { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }
    [JsonPropertyName("signal")] public string? Signal { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("truncated")] public bool Truncated { get; init; }
    [JsonPropertyName("wall_time_ms")] public long WallTimeMs { get; init; }
    [JsonPropertyName("cpu_time_ms")] public long? CpuTimeMs { get; init; }
    [JsonPropertyName("memory_peak_bytes")] public long? MemoryPeakBytes { get; init; }
    [JsonPropertyName("run")] public required RunBody Run { get; init; }
    /// <summary>The limit that stopped the run, in the words LibreChat's client maps ("Time limit exceeded", …).</summary>
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
    /// <summary>Inputs the program removed from /mnt/data.</summary>
    [JsonPropertyName("deleted_files")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? DeletedFiles { get; init; }
    [JsonPropertyName("artifact_delivery")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ArtifactDeliveryBody? ArtifactDelivery { get; init; }
    [JsonPropertyName("runtime_session_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RuntimeSessionId { get; init; }
    /// <summary><c>new</c> or <c>reused</c>.</summary>
    [JsonPropertyName("runtime_status")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RuntimeStatus { get; init; }
}

/// <summary>Some new or changed files could not be stored; the rest of the reply is as usual.</summary>
public sealed record ArtifactDeliveryBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempted")] int Attempted,
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("failed")] int Failed);

public sealed record ExecFileBody
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("storage_session_id")] public required string StorageSessionId { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("contentType")] public required string ContentType { get; init; }
    [JsonPropertyName("inherited")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Inherited { get; init; }
    [JsonPropertyName("modified_from")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FileOriginBody? ModifiedFrom { get; init; }
}

public sealed record FileOriginBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("storage_session_id")] string StorageSessionId);

/// <summary>The original API's Piston-style view of the same run.</summary>
public sealed record RunBody
{
    [JsonPropertyName("stdout")] public required string Stdout { get; init; }
    [JsonPropertyName("stderr")] public required string Stderr { get; init; }
    [JsonPropertyName("code")] public int? Code { get; init; }
    [JsonPropertyName("signal")] public string? Signal { get; init; }
    [JsonPropertyName("output")] public required string Output { get; init; }
    [JsonPropertyName("memory")] public long? Memory { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("cpu_time")] public long? CpuTime { get; init; }
    [JsonPropertyName("wall_time")] public long WallTime { get; init; }
}
