using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Auth;
using CodeInterpreter.Files;
using CodeInterpreter.Http;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Quota;
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
        HttpRequest request, IFileStore store, StorageQuota quota, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var to = new Destination(store, quota, OwnerOf(request));
        var (sessionId, parts, error) = await ReceiveAsync(request, to, options.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        if (parts.FirstOrDefault(p => p.Error is not null) is { } bad)
        {
            await RollBackAsync(to, sessionId, parts);
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
        HttpRequest request, IFileStore store, StorageQuota quota, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (sessionId, parts, error) = await ReceiveAsync(request, new Destination(store, quota, OwnerOf(request)), options.Value, cancellationToken);
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

    /// <summary>Streams the parts into a new session; on a size, quota or format failure removes what was stored.</summary>
    private static async Task<(string SessionId, List<UploadedPart> Parts, JsonHttpResult<ErrorBody>? Error)> ReceiveAsync(
        HttpRequest request, Destination to, ApiOptions options, CancellationToken cancellationToken)
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
            await MultipartUpload.ReadAsync(request, to.Quota, to.Owner, sessionId, options.MaxFilesPerUpload, parts, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RollBackAsync(to, sessionId, parts);
            return (sessionId, parts, ApiErrors.TooLarge("File size limit exceeded"));
        }
        catch (StorageQuotaExceededException e)
        {
            // All or nothing: the files stored before the one that did not fit go too, and their bytes are given back.
            await RollBackAsync(to, sessionId, parts);
            return (sessionId, parts, e.Limit is QuotaLimit.User or QuotaLimit.Key
                ? ApiErrors.Status(StatusCodes.Status413PayloadTooLarge, "Storage quota exceeded", e.Message)
                : ApiErrors.Status(StatusCodes.Status507InsufficientStorage, "Insufficient storage", e.Message));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            await RollBackAsync(to, sessionId, parts);
            return (sessionId, parts, ApiErrors.BadRequest("Malformed multipart body", e.Message));
        }
        catch (StorageUnavailableException)
        {
            // The files stored before the store went away must not linger as a half upload; then the 503 goes out.
            await RollBackAsync(to, sessionId, parts);
            throw;
        }
        return parts.Count == 0
            ? (sessionId, parts, ApiErrors.BadRequest("No file uploaded", "send the file as a 'file' form part"))
            : (sessionId, parts, null);
    }

    private static async Task RollBackAsync(Destination to, string sessionId, List<UploadedPart> parts)
    {
        foreach (var stored in parts.Select(p => p.Stored).OfType<StoredFile>())
        {
            try
            {
                await to.Store.DeleteAsync(sessionId, stored.FileId, CancellationToken.None);
                to.Quota.Refund(to.Owner, stored.Size);
            }
            catch (StorageUnavailableException)
            {
                // Unreachable store: the sweeper removes the orphan when its TTL ends; its id was never returned.
            }
        }
    }

    /// <summary>
    /// Whose quota an upload is charged to: the credential that authenticated it, and the LibreChat user named by the
    /// <c>User-Id</c> header (sent by LibreChat with every upload) or else the token's subject.
    /// </summary>
    private static QuotaOwner OwnerOf(HttpRequest request) => QuotaOwner.Of(
        request.HttpContext.Items[ApiKeyFilter.CredentialItem] as string,
        request.Headers["User-Id"] is [{ Length: > 0 } user] ? user : request.HttpContext.Items[ApiKeyFilter.SubjectItem] as string);

    /// <summary>Where an upload goes and whom it is charged to.</summary>
    private sealed record Destination(IFileStore Store, StorageQuota Quota, QuotaOwner Owner);
}
