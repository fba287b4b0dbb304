using System.Text;
using CodeInterpreter.Files;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Api;

/// <summary>GET /download/{sid}/{fid}: raw bytes streamed from the store, with headers LibreChat copies to the browser.</summary>
internal static class DownloadApi
{
    public static RouteGroupBuilder MapDownloadApi(this RouteGroupBuilder group)
    {
        group.MapGet("/download/{sessionId}/{fileId}", DownloadAsync);
        return group;
    }

    private static async Task<IResult> DownloadAsync(string sessionId, string fileId, HttpResponse response, IFileStore store,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(sessionId) || !Ids.IsValid(fileId))
        {
            return ApiErrors.InvalidId("id");
        }
        if (await store.OpenReadAsync(sessionId, fileId, cancellationToken) is not var (file, content))
        {
            return ApiErrors.NotFound();
        }
        await using (content)
        {
            response.ContentType = file.ContentType;
            response.ContentLength = file.Size;
            response.Headers.ContentDisposition = ContentDisposition(file.OriginalName);
            response.Headers.ETag = $"\"{file.ETag}\"";
            response.Headers.LastModified = file.LastModified.ToString("R");
            // LibreChat copies these headers to the browser: a stored .html or .svg opened there must neither be
            // sniffed into another type nor run script or load anything in LibreChat's origin.
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            await content.CopyToAsync(response.Body, cancellationToken);
        }
        return TypedResults.Empty;
    }

    /// <summary>No scripts, no plugins, no loads, no forms, a unique origin: the file is shown as inert data.</summary>
    internal const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    /// <summary>
    /// <c>attachment; filename="ascii"; filename*=UTF-8''percent-encoded</c> (RFC 6266/5987) of the leaf name;
    /// quotes, backslashes and control characters never reach the header.
    /// </summary>
    internal static string ContentDisposition(string originalName)
    {
        var leaf = originalName[(originalName.LastIndexOf('/') + 1)..];
        var ascii = new StringBuilder(leaf.Length);
        foreach (var c in leaf)
        {
            ascii.Append(c is >= ' ' and < '\x7f' and not '"' and not '\\' ? c : '_');
        }
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(leaf))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}";
    }
}
