using Amazon.S3.Model;
using CodeInterpreter.Files;

namespace CodeInterpreter.Storage.S3;

/// <summary>Turns what the store says about an object (headers, metadata, listing entries) into a <see cref="StoredFile"/>.</summary>
internal static class S3Objects
{
    public static StoredFile ToStoredFile(string sessionId, string fileId, string key, HeadersCollection headers,
        MetadataCollection metadata, string? etag, DateTime? lastModified)
    {
        var leaf = key[(key.LastIndexOf('/') + 1)..];
        // Objects written by something else than this service may lack our metadata: fall back to the key's leaf.
        var name = S3Keys.ReadName(metadata) is { } decoded && FileNames.Validate(decoded) is null
            ? decoded
            : leaf;
        var tag = (etag ?? "").Trim('"');
        return new StoredFile
        {
            SessionId = sessionId,
            FileId = fileId,
            Key = key[(key.Length - leaf.Length - sessionId.Length - 1)..],
            OriginalName = name,
            ContentType = string.IsNullOrEmpty(headers.ContentType) ? ContentTypes.FromName(name) : headers.ContentType,
            Size = headers.ContentLength,
            ETag = tag,
            ContentMd5 = metadata[S3Keys.Md5Meta] is { Length: 32 } md5 ? md5.ToLowerInvariant() : tag.Contains('-') ? null : tag,
            LastModified = ToOffset(lastModified),
            WrittenAt = long.TryParse(metadata[S3Keys.WrittenAtMeta], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        };
    }

    public static DateTimeOffset ToOffset(DateTime? value) => value switch
    {
        null => DateTimeOffset.UnixEpoch,
        { Kind: DateTimeKind.Unspecified } v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)),
        { } v => new DateTimeOffset(v.ToUniversalTime()),
    };

    /// <summary>Of two variants of one id (a replace under another extension), the later write wins.</summary>
    public static bool IsNewer(S3Object candidate, S3Object than) =>
        ToOffset(candidate.LastModified) > ToOffset(than.LastModified)
        || (ToOffset(candidate.LastModified) == ToOffset(than.LastModified) && string.CompareOrdinal(candidate.Key, than.Key) > 0);
}

/// <summary>
/// A GetObject body whose disposal also disposes the response (and so returns the connection). Each read is bounded
/// by <paramref name="readTimeout"/>: a store that stops sending mid-body fails the request with a 503 instead of
/// holding it (and the client) for ever.
/// </summary>
internal sealed class ResponseStream(GetObjectResponse response, TimeSpan readTimeout) : Stream
{
    private readonly Stream _inner = response.ResponseStream;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => response.Headers.ContentLength;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(readTimeout);
        try
        {
            return await _inner.ReadAsync(buffer, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException("the store stopped sending", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new StorageUnavailableException("the store broke off the transfer", e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
