using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage.S3;

/// <summary>
/// Session files in an S3-compatible bucket, shared by every node: nothing a later request needs lives only in this
/// process. S3 makes an object visible only once its PUT (or multipart completion) succeeded, so nobody lists a
/// half-written file. Every call is bounded in time and a store that is down fails fast with
/// <see cref="StorageUnavailableException"/> (see <see cref="StoreBreaker"/>).
/// </summary>
internal sealed partial class S3FileStore : IFileStore, Quota.IStoreUsage, IDisposable
{
    private const int MaxCachedKeys = 50_000;
    private const int ListConcurrency = 8;

    private readonly IAmazonS3 _s3;
    private readonly S3StorageOptions _options;
    private readonly string _bucket;
    private readonly S3Keys _keys;
    private readonly StoreBreaker _breaker;
    private readonly TimeProvider _time;
    private readonly ILogger<S3FileStore> _logger;
    private readonly string _spoolDir;
    private readonly S3SweepLease _lease;
    // (session, file) → key. Keys never change for an id except on a replace under another extension; a stale entry
    // only costs a 404 and a fresh listing.
    private readonly ConcurrentDictionary<(string, string), string> _keyCache = new();

    public S3FileStore(IOptions<StorageOptions> options, TimeProvider time, ILogger<S3FileStore> logger)
        : this(options.Value, S3ClientFactory.Create(options.Value.S3), time, logger)
    {
    }

    internal S3FileStore(StorageOptions options, IAmazonS3 s3, TimeProvider time, ILogger<S3FileStore> logger)
    {
        _s3 = s3;
        _options = options.S3;
        _bucket = options.S3.Bucket;
        _keys = new S3Keys(options.S3.KeyPrefix);
        _breaker = new StoreBreaker(time);
        _time = time;
        _logger = logger;
        _spoolDir = Path.Combine(Path.GetFullPath(options.Root), ".spool");
        RemoveSpoolLeftovers();
        _lease = new S3SweepLease(this, options.SweepInterval, time, logger);
    }

    public Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
        ReadObjectAsync(sessionId, fileId, async (key, ct) =>
        {
            var head = await _s3.GetObjectMetadataAsync(_bucket, key, ct);
            return S3Objects.ToStoredFile(sessionId, fileId, key, head.Headers, head.Metadata, head.ETag, head.LastModified);
        }, cancellationToken);

    public async Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
        await ReadObjectAsync<(StoredFile, Stream)?>(sessionId, fileId, async (key, ct) =>
        {
            // The body streams from the store; disposing the stream releases the connection.
            var response = await _s3.GetObjectAsync(_bucket, key, ct);
            var file = S3Objects.ToStoredFile(sessionId, fileId, key, response.Headers, response.Metadata, response.ETag, response.LastModified);
            return (file, new ResponseStream(response, TimeSpan.FromSeconds(_options.TimeoutSeconds)));
        }, cancellationToken);

    /// <summary>
    /// Reads one object by id: its key from the cache, else from a listing. A 404 on a cached key (deleted or replaced
    /// through another node) drops the entry and tries once more with a fresh listing; null when the file is gone.
    /// </summary>
    private async Task<T?> ReadObjectAsync<T>(string sessionId, string fileId, Func<string, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        for (var fresh = false; ; fresh = true)
        {
            if (await FindKeyAsync(sessionId, fileId, fresh, cancellationToken) is not { } key)
            {
                return default;
            }
            try
            {
                return await CallAsync(ct => read(key, ct), cancellationToken);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                _keyCache.TryRemove((sessionId, fileId), out _);
                if (fresh)
                {
                    return default;
                }
            }
        }
    }

    public async Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken)
    {
        StoreIds.ValidateSession(sessionId);
        var newest = new Dictionary<string, S3Object>(StringComparer.Ordinal);
        await foreach (var entry in ListKeysAsync(_keys.SessionPrefix(sessionId), cancellationToken))
        {
            if (_keys.Parse(entry.Key) is { } ids && ids.SessionId == sessionId
                && (!newest.TryGetValue(ids.FileId, out var seen) || S3Objects.IsNewer(entry, seen)))
            {
                newest[ids.FileId] = entry;
            }
        }
        var files = new ConcurrentBag<StoredFile>();
        await Parallel.ForEachAsync(newest, new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = cancellationToken },
            async (pair, ct) =>
            {
                Remember(sessionId, pair.Key, pair.Value.Key);
                if (await GetAsync(sessionId, pair.Key, ct) is { } file)
                {
                    files.Add(file);
                }
            });
        return [.. files.OrderBy(f => f.Key, StringComparer.Ordinal)];
    }

    public async Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        _keyCache.TryRemove((sessionId, fileId), out _);
        var keys = await VariantsAsync(sessionId, fileId, cancellationToken);
        foreach (var key in keys)
        {
            await CallAsync(ct => _s3.DeleteObjectAsync(_bucket, key, ct), cancellationToken);
        }
        if (keys.Count > 0)
        {
            StorageLog.ObjectDeleted(_logger, sessionId, fileId);
        }
        return keys.Count > 0;
    }

    public async Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sourceSessionId, fileId);
        StoreIds.ValidateSession(targetSessionId);
        if (await GetAsync(sourceSessionId, fileId, cancellationToken) is not { } source)
        {
            return null;
        }
        var targetKey = _keys.ObjectKey(targetSessionId, fileId, source.OriginalName);
        try
        {
            // Server side: the bytes never pass through this node. The metadata is restated (the copy is a new write).
            var copy = new CopyObjectRequest
            {
                SourceBucket = _bucket,
                SourceKey = _keys.ObjectKey(sourceSessionId, fileId, source.OriginalName),
                DestinationBucket = _bucket,
                DestinationKey = targetKey,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = source.ContentType,
            };
            AddMetadata(copy.Metadata, source.OriginalName, source.Md5 ?? "");
            await CallAsync(ct => _s3.CopyObjectAsync(copy, ct), cancellationToken);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return null;
        }
        Remember(targetSessionId, fileId, targetKey);
        return await GetAsync(targetSessionId, fileId, cancellationToken);
    }

    /// <summary>A listing of every object under the key prefix: one request per 1,000 objects.</summary>
    public async Task<long> MeasureBytesAsync(CancellationToken cancellationToken)
    {
        long bytes = 0;
        await foreach (var entry in ListKeysAsync(_keys.Prefix, cancellationToken))
        {
            if (_keys.Parse(entry.Key) is not null)
            {
                bytes += entry.Size ?? 0;
            }
        }
        return bytes;
    }

    public void Dispose() => _s3.Dispose();

    /// <summary>Spool files of uploads a crash interrupted; the data dir belongs to this process alone (its lock file).</summary>
    private void RemoveSpoolLeftovers()
    {
        if (Directory.Exists(_spoolDir))
        {
            foreach (var file in Directory.EnumerateFiles(_spoolDir))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The key of a file id: from the cache unless <paramref name="fresh"/>, else the newest listed variant.</summary>
    private async Task<string?> FindKeyAsync(string sessionId, string fileId, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && _keyCache.TryGetValue((sessionId, fileId), out var cached))
        {
            return cached;
        }
        S3Object? newest = null;
        await foreach (var entry in ListKeysAsync(_keys.FilePrefix(sessionId, fileId), cancellationToken))
        {
            if (_keys.Parse(entry.Key) is { } ids && ids == (sessionId, fileId) && (newest is null || S3Objects.IsNewer(entry, newest)))
            {
                newest = entry;
            }
        }
        if (newest is null)
        {
            _keyCache.TryRemove((sessionId, fileId), out _);
            return null;
        }
        Remember(sessionId, fileId, newest.Key);
        return newest.Key;
    }

    private async Task<List<string>> VariantsAsync(string sessionId, string fileId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var entry in ListKeysAsync(_keys.FilePrefix(sessionId, fileId), cancellationToken))
        {
            if (_keys.Parse(entry.Key) == (sessionId, fileId))
            {
                keys.Add(entry.Key);
            }
        }
        return keys;
    }

    private void Remember(string sessionId, string fileId, string key)
    {
        if (_keyCache.Count >= MaxCachedKeys)
        {
            _keyCache.Clear();
        }
        _keyCache[(sessionId, fileId)] = key;
    }

    /// <summary>Every object under a prefix, page by page.</summary>
    private async IAsyncEnumerable<S3Object> ListKeysAsync(string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = token };
            var page = await CallAsync(ct => _s3.ListObjectsV2Async(request, ct), cancellationToken);
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return entry;
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>
    /// One store call under the operation deadline. Absence (404) passes through for the caller; a store that is
    /// down, slow or refusing us becomes <see cref="StorageUnavailableException"/> and opens the breaker.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        _breaker.ThrowIfOpen();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_options.OperationTimeoutSeconds));
        try
        {
            var result = await call(deadline.Token);
            _breaker.Succeeded();
            return result;
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            _breaker.Succeeded();
            throw;
        }
        catch (Exception e) when (S3Errors.UnavailableReason(e, cancellationToken) is { } reason)
        {
            _breaker.Failed(reason);
            StorageLog.StoreUnavailable(_logger, reason, e);
            throw new StorageUnavailableException(reason, e);
        }
    }
}
