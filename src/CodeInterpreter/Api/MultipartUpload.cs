using CodeInterpreter.Files;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Quota;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CodeInterpreter.Api;

/// <summary>One file part as received: stored, or refused with a reason (nothing stored).</summary>
internal sealed record UploadedPart(string Filename, StoredFile? Stored, string? Error);

/// <summary>
/// Streams a multipart upload straight into the store, part by part (no buffering of whole files).
/// Form fields (<c>entity_id</c>, <c>kind</c>, <c>id</c>, <c>version</c>, <c>read_only</c>) are read and ignored:
/// every upload gets a fresh session.
/// </summary>
internal static class MultipartUpload
{
    private const int MaxFieldBytes = 4096;

    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && !StringSegment.IsNullOrEmpty(HeaderUtilities.RemoveQuotes(type.Boundary));

    /// <summary>
    /// Reads every part into <paramref name="parts"/> (filled as it goes, so a caller can roll back on failure), each
    /// charged to <paramref name="owner"/>'s storage quota.
    /// </summary>
    public static async Task ReadAsync(HttpRequest request, StorageQuota quota, QuotaOwner owner, string sessionId, int maxFiles,
        List<UploadedPart> parts, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type);
        var boundary = HeaderUtilities.RemoveQuotes(type!.Boundary).Value!;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!disposition.IsFileDisposition())
            {
                await DrainFieldAsync(section.Body, cancellationToken);
                continue;
            }
            if (parts.Count == maxFiles)
            {
                throw new InvalidDataException($"More than {maxFiles} files in one upload");
            }
            var filename = FileNameOf(disposition);
            if (FileNames.Validate(filename) is { } problem)
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                parts.Add(new UploadedPart(filename, null, problem));
                continue;
            }
            var stored = await quota.PutAsync(owner, sessionId, Ids.New(), filename, section.Body, cancellationToken);
            parts.Add(new UploadedPart(filename, stored, null));
        }
    }

    /// <summary>filename* (RFC 5987) wins over filename; a relative path such as <c>dir/a.csv</c> is kept.</summary>
    private static string FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
        if (string.IsNullOrEmpty(name))
        {
            name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
        }
        return name;
    }

    private static async Task DrainFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes];
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxFieldBytes)
            {
                throw new InvalidDataException("A form field is longer than 4 KiB");
            }
        }
    }
}
