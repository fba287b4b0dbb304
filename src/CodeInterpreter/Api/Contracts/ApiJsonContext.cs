using System.Text.Json.Serialization;

namespace CodeInterpreter.Api.Contracts;

/// <summary>Source-generated JSON for every body the API reads or writes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ExecRequestBody))]
[JsonSerializable(typeof(ExecResponseBody))]
[JsonSerializable(typeof(UploadResponseBody))]
[JsonSerializable(typeof(BatchUploadResponseBody))]
[JsonSerializable(typeof(IReadOnlyList<FileSummaryBody>))]
[JsonSerializable(typeof(IReadOnlyList<NormalizedFileBody>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ObjectInfoBody))]
[JsonSerializable(typeof(DeletedBody))]
[JsonSerializable(typeof(ProgrammaticRequestBody))]
[JsonSerializable(typeof(ProgrammaticResponseBody))]
[JsonSerializable(typeof(CancelRequestBody))]
[JsonSerializable(typeof(CancelResponseBody))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
