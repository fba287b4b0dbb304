using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Files;
using CodeInterpreter.Http;
using CodeInterpreter.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api;

/// <summary>Listing, object info and deletion of stored session files.</summary>
internal static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder group)
    {
        group.MapGet("/files/{sessionId}", ListAsync);
        group.MapGet("/sessions/{sessionId}/objects/{fileId}", GetObjectAsync);
        group.MapDelete("/files/{sessionId}/{fileId}", DeleteAsync);
        group.MapDelete("/sessions/{sessionId}/objects/{fileId}", DeleteAsync);
        return group;
    }

    /// <summary>An unknown or empty session is 200 []; <c>entity_id</c>, <c>kind</c>, <c>id</c>, <c>version</c> are ignored.</summary>
    private static async Task<Results<JsonHttpResult<IReadOnlyList<string>>, JsonHttpResult<IReadOnlyList<FileSummaryBody>>,
        JsonHttpResult<IReadOnlyList<NormalizedFileBody>>, JsonHttpResult<ErrorBody>>> ListAsync(
        string sessionId, string? detail, IFileStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(sessionId))
        {
            return ApiErrors.InvalidId("session_id");
        }
        var files = (await store.ListAsync(sessionId, cancellationToken)).Order(Comparer<StoredFile>.Create(StoredFile.CompareRecency)).ToList();
        var context = ApiJsonContext.Default;
        return (detail ?? "full").ToLowerInvariant() switch
        {
            "simple" => TypedResults.Json<IReadOnlyList<string>>([.. files.Select(f => f.Key)], context.IReadOnlyListString),
            "summary" => TypedResults.Json<IReadOnlyList<FileSummaryBody>>(
                [.. files.Select(f => StoredFileBodies.Summary(f, full: false))], context.IReadOnlyListFileSummaryBody),
            "full" => TypedResults.Json<IReadOnlyList<FileSummaryBody>>(
                [.. files.Select(f => StoredFileBodies.Summary(f, full: true))], context.IReadOnlyListFileSummaryBody),
            "normalized" => TypedResults.Json<IReadOnlyList<NormalizedFileBody>>(
                [.. files.Select(StoredFileBodies.Normalized)], context.IReadOnlyListNormalizedFileBody),
            _ => ApiErrors.BadRequest("Invalid detail", "use simple, summary, full or normalized"),
        };
    }

    private static async Task<Results<JsonHttpResult<ObjectInfoBody>, JsonHttpResult<ErrorBody>>> GetObjectAsync(
        string sessionId, string fileId, IFileStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(sessionId) || !Ids.IsValid(fileId))
        {
            return ApiErrors.InvalidId("id");
        }
        return await store.GetAsync(sessionId, fileId, cancellationToken) is { } file
            ? TypedResults.Json(StoredFileBodies.Object(file), ApiJsonContext.Default.ObjectInfoBody)
            : ApiErrors.NotFound();
    }

    private static async Task<Results<JsonHttpResult<DeletedBody>, JsonHttpResult<ErrorBody>>> DeleteAsync(
        string sessionId, string fileId, IFileStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(sessionId) || !Ids.IsValid(fileId))
        {
            return ApiErrors.InvalidId("id");
        }
        return await store.DeleteAsync(sessionId, fileId, cancellationToken)
            ? TypedResults.Json(new DeletedBody("File deleted successfully", sessionId, fileId), ApiJsonContext.Default.DeletedBody)
            : ApiErrors.NotFound();
    }
}
