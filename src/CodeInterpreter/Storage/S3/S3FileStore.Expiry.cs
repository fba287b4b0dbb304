using Amazon.S3.Model;

namespace CodeInterpreter.Storage.S3;

internal sealed partial class S3FileStore
{
    private const int DeleteBatchSize = 256;
    /// <summary>Multipart uploads older than this were abandoned by a crashed node.</summary>
    private static readonly TimeSpan s_staleUploadAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Every node runs the sweeper; only the holder of the sweep lease (see <see cref="S3SweepLease"/>) lists the
    /// bucket and deletes, so each expired file is removed and counted once. Deletes are idempotent, so even two
    /// sweeps racing would not fail, only count twice.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!await _lease.TryAcquireAsync(cancellationToken))
        {
            return 0;
        }
        var removed = 0;
        var batch = new List<(string Key, string SessionId, string FileId)>();
        await foreach (var entry in ListKeysAsync(_keys.Prefix, cancellationToken))
        {
            if (_keys.Parse(entry.Key) is { } ids && S3Objects.ToOffset(entry.LastModified) < cutoff)
            {
                batch.Add((entry.Key, ids.SessionId, ids.FileId));
                if (batch.Count == DeleteBatchSize)
                {
                    removed += await DeleteBatchAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }
        }
        removed += await DeleteBatchAsync(batch, cancellationToken);
        await AbortStaleUploadsAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// One DELETE per key, a few at a time. Multi-object delete would save round trips, but it needs Content-MD5,
    /// which the SDK v4 replaced with flexible checksums that not every S3-compatible store accepts (Swift does not).
    /// </summary>
    private async Task<int> DeleteBatchAsync(List<(string Key, string SessionId, string FileId)> batch, CancellationToken cancellationToken)
    {
        var removed = 0;
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                await CallAsync(token => _s3.DeleteObjectAsync(_bucket, entry.Key, token), ct);
                _keyCache.TryRemove((entry.SessionId, entry.FileId), out _);
                Interlocked.Increment(ref removed);
                StorageLog.ObjectExpired(_logger, entry.SessionId, entry.FileId);
            });
        return removed;
    }

    /// <summary>Parts of uploads that never completed cost storage but are never listed; abort them once stale.</summary>
    private async Task AbortStaleUploadsAsync(CancellationToken cancellationToken)
    {
        var staleBefore = _time.GetUtcNow() - s_staleUploadAfter;
        ListMultipartUploadsResponse uploads;
        try
        {
            uploads = await CallAsync(ct => _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = _bucket,
                Prefix = _keys.Prefix,
            }, ct), cancellationToken);
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotImplemented)
        {
            return;
        }
        foreach (var upload in (uploads.MultipartUploads ?? []).Where(u => _keys.Parse(u.Key) is not null
            && S3Objects.ToOffset(u.Initiated) < staleBefore))
        {
            await AbortQuietlyAsync(upload.Key, upload.UploadId);
        }
    }
}
