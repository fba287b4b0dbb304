using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Files;
using CodeInterpreter.Http;
using CodeInterpreter.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api;

/// <summary>POST /upload (all files or nothing) and POST /upload/batch (per-file status). Each upload is a new session.</summary>
internal static class UploadApi
{
    public static RouteGroupBuilder MapUploadApi(this RouteGroupBuilder group)
    {
        group.MapPost("/upload", UploadAsync).DisableAntiforgery();
        group.MapPost("/upload/batch", UploadBatchAsync).DisableAntiforgery();
        return group;
    }

    private static async Task<Results<Ok<UploadResponseBody>, JsonHttpResult<ErrorBody>>> UploadAsync(
        HttpRequest request, IFileStore store, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (sessionId, parts, error) = await ReceiveAsync(request, store, options.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        if (parts.FirstOrDefault(p => p.Error is not null) is { } bad)
        {
            await RollBackAsync(store, sessionId, parts);
            return ApiErrors.BadRequest("Invalid file name", $"'{FileNames.Printable(bad.Filename)}': {bad.Error}");
        }
        return TypedResults.Ok(new UploadResponseBody
        {
            Message = "success",
            SessionId = sessionId,
            StorageSessionId = sessionId,
            Files = [.. parts.Select(p => StoredFileBodies.Uploaded(p.Stored!))],
        });
    }

    private static async Task<Results<Ok<BatchUploadResponseBody>, JsonHttpResult<ErrorBody>>> UploadBatchAsync(
        HttpRequest request, IFileStore store, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (sessionId, parts, error) = await ReceiveAsync(request, store, options.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var succeeded = parts.Count(p => p.Stored is not null);
        return TypedResults.Ok(new BatchUploadResponseBody
        {
            Message = succeeded == parts.Count ? "success" : succeeded > 0 ? "partial_success" : "error",
            SessionId = sessionId,
            StorageSessionId = sessionId,
            Files = [.. parts.Select(p => p.Stored is { } stored
                ? new BatchFileBody { Status = "success", Filename = p.Filename, FileId = stored.FileId, File = StoredFileBodies.Uploaded(stored) }
                : new BatchFileBody { Status = "error", Filename = FileNames.Printable(p.Filename), Error = p.Error })],
            Succeeded = succeeded,
            Failed = parts.Count - succeeded,
        });
    }

    /// <summary>Streams the parts into a new session; on a size or format failure removes what was stored.</summary>
    private static async Task<(string SessionId, List<UploadedPart> Parts, JsonHttpResult<ErrorBody>? Error)> ReceiveAsync(
        HttpRequest request, IFileStore store, ApiOptions options, CancellationToken cancellationToken)
    {
        var sessionId = Ids.New();
        List<UploadedPart> parts = [];
        if (!MultipartUpload.IsMultipart(request))
        {
            return (sessionId, parts, ApiErrors.Status(StatusCodes.Status415UnsupportedMediaType,
                "Expected multipart/form-data", "send the file as a 'file' form part"));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadMb * 1024L * 1024L;
        }
        try
        {
            await MultipartUpload.ReadAsync(request, store, sessionId, options.MaxFilesPerUpload, parts, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RollBackAsync(store, sessionId, parts);
            return (sessionId, parts, ApiErrors.TooLarge("File size limit exceeded"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            await RollBackAsync(store, sessionId, parts);
            return (sessionId, parts, ApiErrors.BadRequest("Malformed multipart body", e.Message));
        }
        catch (StorageUnavailableException)
        {
            // The files stored before the store went away must not linger as a half upload; then the 503 goes out.
            await RollBackAsync(store, sessionId, parts);
            throw;
        }
        return parts.Count == 0
            ? (sessionId, parts, ApiErrors.BadRequest("No file uploaded", "send the file as a 'file' form part"))
            : (sessionId, parts, null);
    }

    private static async Task RollBackAsync(IFileStore store, string sessionId, List<UploadedPart> parts)
    {
        foreach (var stored in parts.Select(p => p.Stored).OfType<StoredFile>())
        {
            try
            {
                await store.DeleteAsync(sessionId, stored.FileId, CancellationToken.None);
            }
            catch (StorageUnavailableException)
            {
                // Unreachable store: the sweeper removes the orphan when its TTL ends; its id was never returned.
            }
        }
    }
}
