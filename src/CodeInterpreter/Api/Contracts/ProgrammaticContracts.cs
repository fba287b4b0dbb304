using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeInterpreter.Api.Contracts;

/// <summary>
/// POST /exec/programmatic: a first request (<c>code</c>, <c>tools</c>, …) or a continuation (<c>continuation_token</c>,
/// <c>tool_results</c>). Unknown fields are ignored.
/// </summary>
public sealed record ProgrammaticRequestBody
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    /// <summary><c>bash</c> for the bash tool; absent means Python.</summary>
    [JsonPropertyName("lang")] public string? Lang { get; init; }
    [JsonPropertyName("tools")] public IReadOnlyList<ToolBody?>? Tools { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    /// <summary>Milliseconds of running time (pauses for tool calls do not count).</summary>
    [JsonPropertyName("timeout")] public double? Timeout { get; init; }
    [JsonPropertyName("files")] public IReadOnlyList<FileRefBody?>? Files { get; init; }
    [JsonPropertyName("user_id")] public string? UserId { get; init; }
    [JsonPropertyName("runtime_session_hint")] public string? RuntimeSessionHint { get; init; }
    /// <summary>The bash tools' attached workspace instance (with the <c>X-LibreChat-Code-Workspace-ID</c> header).</summary>
    [JsonPropertyName("workspace_instance_id")] public string? WorkspaceInstanceId { get; init; }
    [JsonPropertyName("continuation_token")] public string? ContinuationToken { get; init; }
    [JsonPropertyName("tool_results")] public IReadOnlyList<ToolResultBody?>? ToolResults { get; init; }
}

/// <summary>A tool the program may call; <c>parameters</c> (a JSON schema) is accepted and not used.</summary>
public sealed record ToolBody
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; init; }
}

public sealed record ToolResultBody
{
    [JsonPropertyName("call_id")] public string? CallId { get; init; }
    [JsonPropertyName("result")] public JsonElement? Result { get; init; }
    [JsonPropertyName("is_error")] public bool? IsError { get; init; }
    [JsonPropertyName("error_message")] public string? ErrorMessage { get; init; }
}

/// <summary>Every reply of /exec/programmatic: <c>tool_call_required</c>, <c>completed</c> or <c>error</c>.</summary>
public sealed record ProgrammaticResponseBody
{
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("continuation_token")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ContinuationToken { get; init; }
    [JsonPropertyName("tool_calls")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<ToolCallBody>? ToolCalls { get; init; }
    [JsonPropertyName("stdout")] public required string Stdout { get; init; }
    [JsonPropertyName("stderr")] public required string Stderr { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<ExecFileBody> Files { get; init; }
    [JsonPropertyName("deleted_files")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? DeletedFiles { get; init; }
    [JsonPropertyName("artifact_delivery")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ArtifactDeliveryBody? ArtifactDelivery { get; init; }
    [JsonPropertyName("runtime_session_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RuntimeSessionId { get; init; }
    [JsonPropertyName("runtime_status")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RuntimeStatus { get; init; }
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
}

public sealed record ToolCallBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("input")] JsonElement Input);

/// <summary>POST /exec/programmatic/cancel: the <c>X-LibreChat-Code-Request-ID</c> of the request to stop.</summary>
public sealed record CancelRequestBody
{
    [JsonPropertyName("request_id")] public string? RequestId { get; init; }
}

public sealed record CancelResponseBody([property: JsonPropertyName("status")] string Status);
