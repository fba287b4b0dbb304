using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.S3;
using Amazon.S3.Model;

namespace CodeInterpreter.Storage.S3;

/// <summary>
/// Elects one sweeping node without a lock service, using only the bucket: a node sweeps when the lease object is
/// absent, expired or its own; it writes itself in, waits a settle time and reads back, and sweeps only if its
/// write is still the one there (a node that wrote later in the same window wins, the other backs off). The holder
/// renews each interval; when it dies the lease lapses after two intervals and another node takes over. S3-compatible
/// stores offer no conditional PUT everywhere (Swift's s3api refuses If-None-Match), hence read-back.
/// Deletes stay idempotent, so the rare double sweep this cannot exclude (a node stalled for longer than the settle
/// time between its read and its write) only counts a file twice; it never breaks anything.
/// </summary>
internal sealed class S3SweepLease(S3FileStore store, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public string Holder => _holder;

    private TimeSpan Ttl => interval * 2;

    private TimeSpan Settle => TimeSpan.FromMilliseconds(Math.Clamp(interval.TotalMilliseconds / 4, 50, 1000));

    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var current = await store.ReadLeaseAsync(cancellationToken);
        if (current is { } held && held.Holder != _holder && held.ExpiresAt > time.GetUtcNow())
        {
            StorageLog.SweepLeaseHeldElsewhere(logger, held.Holder);
            return false;
        }
        await store.WriteLeaseAsync(new SweepLeaseRecord(_holder, time.GetUtcNow() + Ttl), cancellationToken);
        await Task.Delay(Settle, time, cancellationToken);
        return (await store.ReadLeaseAsync(cancellationToken))?.Holder == _holder;
    }
}

internal sealed record SweepLeaseRecord(
    [property: JsonPropertyName("holder")] string Holder,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

[JsonSerializable(typeof(SweepLeaseRecord))]
internal sealed partial class SweepLeaseJsonContext : JsonSerializerContext;

internal sealed partial class S3FileStore
{
    internal async Task<SweepLeaseRecord?> ReadLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await CallAsync(ct => _s3.GetObjectAsync(_bucket, _keys.LeaseKey, ct), cancellationToken);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            return JsonSerializer.Deserialize(await reader.ReadToEndAsync(cancellationToken), SweepLeaseJsonContext.Default.SweepLeaseRecord);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return null;
        }
        catch (JsonException)
        {
            // A garbled lease is overwritten by the next claim.
            return null;
        }
    }

    internal Task WriteLeaseAsync(SweepLeaseRecord lease, CancellationToken cancellationToken) =>
        CallAsync(ct => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _keys.LeaseKey,
            ContentBody = JsonSerializer.Serialize(lease, SweepLeaseJsonContext.Default.SweepLeaseRecord),
            ContentType = "application/json",
            UseChunkEncoding = false,
        }, ct), cancellationToken);
}
