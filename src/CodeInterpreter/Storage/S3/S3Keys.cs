using Amazon.S3.Model;
using CodeInterpreter.Files;

namespace CodeInterpreter.Storage.S3;

/// <summary>
/// Object keys and metadata names of the S3 store. The keys are the local store's, <c>&lt;session_id&gt;/&lt;file_id&gt;&lt;ext&gt;</c>,
/// under an optional prefix; the original name travels percent-encoded in <c>x-amz-meta-original-filename</c>
/// (S3 metadata is ASCII only).
/// </summary>
internal sealed class S3Keys(string prefix)
{
    public const string OriginalNameMeta = "x-amz-meta-original-filename";
    /// <summary>Hex MD5 of the whole content: multipart ETags are not an MD5, and the output collector compares contents.</summary>
    public const string Md5Meta = "x-amz-meta-md5";

    /// <summary>Unix milliseconds of the write: S3's Last-Modified has whole seconds, too coarse to order two uploads.</summary>
    public const string WrittenAtMeta = "x-amz-meta-written-at";

    public string Prefix { get; } = prefix;

    /// <summary>Not a valid session id, so the sweeper never mistakes it for a session file.</summary>
    public string LeaseKey => Prefix + ".code-interpreter/sweeper-lease.json";

    public string ObjectKey(string sessionId, string fileId, string originalName) =>
        Prefix + LocalLayout.Key(sessionId, fileId, originalName);

    public string SessionPrefix(string sessionId) => Prefix + sessionId + "/";

    /// <summary>Every key of one file id, whatever its extension (ids are fixed-length, so no other id shares it).</summary>
    public string FilePrefix(string sessionId, string fileId) => Prefix + sessionId + "/" + fileId;

    /// <summary>Session and file id of a key this store wrote; null for anything else in the bucket.</summary>
    public (string SessionId, string FileId)? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = key.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash < 0 || rest[(slash + 1)..].Contains('/'))
        {
            return null;
        }
        var sessionId = rest[..slash].ToString();
        var fileId = LocalLayout.FileIdOf(rest[(slash + 1)..].ToString());
        return Ids.IsValid(sessionId) && fileId is not null ? (sessionId, fileId) : null;
    }

    /// <summary>
    /// Swift's default limit for one metadata value is 256 characters; a 256-character name percent-encodes to up
    /// to 2,304. Longer encodings continue in <c>-2</c>, <c>-3</c>, … so the store's defaults suffice.
    /// </summary>
    private const int NamePieceLength = 240;

    public static string EncodeName(string originalName) => Uri.EscapeDataString(originalName);

    public static void WriteName(MetadataCollection metadata, string originalName)
    {
        var encoded = EncodeName(originalName);
        for (var (start, piece) = (0, 1); start < encoded.Length; piece++)
        {
            var length = Math.Min(NamePieceLength, encoded.Length - start);
            // Never cut a %XX escape in two.
            var escape = encoded.LastIndexOf('%', start + length - 1, Math.Min(length, 2));
            if (start + length < encoded.Length && escape >= 0)
            {
                length = escape - start;
            }
            metadata[piece == 1 ? OriginalNameMeta : $"{OriginalNameMeta}-{piece}"] = encoded.Substring(start, length);
            start += length;
        }
    }

    public static string? ReadName(MetadataCollection metadata)
    {
        var encoded = new System.Text.StringBuilder(metadata[OriginalNameMeta] ?? "");
        for (var piece = 2; metadata[$"{OriginalNameMeta}-{piece}"] is { Length: > 0 } more; piece++)
        {
            encoded.Append(more);
        }
        return DecodeName(encoded.ToString());
    }

    public static string? DecodeName(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }
        try
        {
            return Uri.UnescapeDataString(encoded);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
