using System.Security.Cryptography;
using Amazon.S3.Model;
using CodeInterpreter.Files;

namespace CodeInterpreter.Storage.S3;

internal sealed partial class S3FileStore
{
    /// <summary>
    /// Small files (up to the multipart threshold) are buffered and sent in one PUT. Larger ones are spooled to local
    /// disk first (memory stays bounded, the MD5 is known before the upload starts, and a failed part can be resent)
    /// and uploaded in parts; a failed multipart upload is aborted. Either way the object becomes visible only complete.
    /// </summary>
    public async Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        if (FileNames.Validate(originalName) is { } reason)
        {
            throw new ArgumentException(reason, nameof(originalName));
        }
        ArgumentNullException.ThrowIfNull(content);
        _breaker.ThrowIfOpen();

        var key = _keys.ObjectKey(sessionId, fileId, originalName);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var head = new MemoryStream();
        var complete = await HashingCopy.CopyAsync(content, head, md5, _options.MultipartThresholdBytes + 1, cancellationToken);
        if (complete)
        {
            await PutSingleAsync(key, originalName, head, Convert.ToHexStringLower(md5.GetHashAndReset()), cancellationToken);
        }
        else
        {
            await PutMultipartAsync(key, originalName, head, content, md5, cancellationToken);
        }

        Remember(sessionId, fileId, key);
        // A replace under another extension leaves the old key behind; drop it while reading back the new one.
        var stale = DropOtherVariantsAsync(sessionId, fileId, key, cancellationToken);
        var stored = await GetAsync(sessionId, fileId, cancellationToken)
            ?? throw new StorageUnavailableException("the object vanished right after it was written");
        await stale;
        StorageLog.ObjectStored(_logger, sessionId, fileId, stored.Size);
        return stored;
    }

    private async Task PutSingleAsync(string key, string originalName, MemoryStream body, string md5, CancellationToken cancellationToken)
    {
        body.Position = 0;
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = ContentTypes.FromName(originalName),
            UseChunkEncoding = false,
        };
        AddMetadata(request.Metadata, originalName, md5);
        await CallAsync(ct => _s3.PutObjectAsync(request, ct), cancellationToken);
    }

    private async Task PutMultipartAsync(string key, string originalName, MemoryStream head, Stream rest, IncrementalHash md5,
        CancellationToken cancellationToken)
    {
        PrivateDirectory.Create(_spoolDir);
        var spool = Path.Combine(_spoolDir, Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                head.Position = 0;
                await head.CopyToAsync(file, cancellationToken);
                await HashingCopy.CopyAsync(rest, file, md5, long.MaxValue, cancellationToken);
                size = file.Length;
            }
            await UploadPartsAsync(key, originalName, spool, size, Convert.ToHexStringLower(md5.GetHashAndReset()), cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private async Task UploadPartsAsync(string key, string originalName, string spool, long size, string md5, CancellationToken cancellationToken)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = ContentTypes.FromName(originalName) };
        AddMetadata(start.Metadata, originalName, md5);
        var uploadId = (await CallAsync(ct => _s3.InitiateMultipartUploadAsync(start, ct), cancellationToken)).UploadId;
        try
        {
            var parts = new List<PartETag>();
            var partSize = _options.MultipartThresholdBytes;
            for (var (offset, number) = (0L, 1); offset < size; offset += partSize, number++)
            {
                var part = new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = number,
                    FilePath = spool,
                    FilePosition = offset,
                    PartSize = Math.Min(partSize, size - offset),
                    UseChunkEncoding = false,
                };
                var uploaded = await CallAsync(ct => _s3.UploadPartAsync(part, ct), cancellationToken);
                parts.Add(new PartETag(number, uploaded.ETag));
            }
            await CallAsync(ct => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, ct), cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(key, uploadId);
            throw;
        }
    }

    /// <summary>Best effort: an upload left behind is removed by the sweeper's stale-upload pass.</summary>
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds));
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            StorageLog.AbortFailed(_logger, key, e);
        }
    }

    private async Task DropOtherVariantsAsync(string sessionId, string fileId, string currentKey, CancellationToken cancellationToken)
    {
        foreach (var key in await VariantsAsync(sessionId, fileId, cancellationToken))
        {
            if (key != currentKey)
            {
                await CallAsync(ct => _s3.DeleteObjectAsync(_bucket, key, ct), cancellationToken);
            }
        }
    }

    private void AddMetadata(MetadataCollection metadata, string originalName, string md5)
    {
        S3Keys.WriteName(metadata, originalName);
        if (md5.Length > 0)
        {
            metadata[S3Keys.Md5Meta] = md5;
        }
        metadata[S3Keys.WrittenAtMeta] = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
