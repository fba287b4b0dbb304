using Amazon.S3;
using Amazon.S3.Model;

namespace CodeInterpreter.Storage.S3;

internal sealed partial class S3FileStore
{
    /// <summary>/health may be polled often by load balancers: one real probe per this interval.</summary>
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _probeLock = new(1, 1);
    private (StorageStatus Status, long At)? _lastProbe;

    /// <summary>
    /// Lists one key of the bucket (also proves the credentials), and creates the bucket when it is missing and
    /// <see cref="S3StorageOptions.CreateBucket"/> allows. Bypasses the breaker, so a recovered store is seen.
    /// </summary>
    public async Task<StorageStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (_breaker.IsOpen)
        {
            // Requests are failing right now: say so at once instead of serving a cached "ok".
            return new StorageStatus(StorageBackends.S3, false, _breaker.Reason);
        }
        await _probeLock.WaitAsync(cancellationToken);
        try
        {
            if (_lastProbe is { } last && _time.GetElapsedTime(last.At) < s_probeInterval)
            {
                return last.Status;
            }
            var status = await ProbeAsync(cancellationToken);
            _lastProbe = (status, _time.GetTimestamp());
            return status;
        }
        finally
        {
            _probeLock.Release();
        }
    }

    private async Task<StorageStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(Math.Min(_options.OperationTimeoutSeconds, 5)));
        try
        {
            try
            {
                await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = _keys.Prefix, MaxKeys = 1 }, deadline.Token);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket" && _options.CreateBucket)
            {
                await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, deadline.Token);
                StorageLog.BucketCreated(_logger, _bucket);
            }
            _breaker.Succeeded();
            return StorageStatus.Ok(StorageBackends.S3);
        }
        catch (Exception e) when (S3Errors.UnavailableReason(e, cancellationToken) is { } reason)
        {
            _breaker.Failed(reason);
            StorageLog.StoreUnavailable(_logger, reason, e);
            return new StorageStatus(StorageBackends.S3, false, reason);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            StorageLog.StoreUnavailable(_logger, "unexpected answer", e);
            return new StorageStatus(StorageBackends.S3, false, "the store gave an unexpected answer");
        }
    }
}
