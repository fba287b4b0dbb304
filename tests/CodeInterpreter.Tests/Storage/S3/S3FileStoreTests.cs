using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using CodeInterpreter.Files;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeInterpreter.Tests.Storage;

/// <summary>What the S3 store leaves in the bucket and how nodes share it, seen through a raw S3 client on a real store.</summary>
public sealed class S3FileStoreTests : IAsyncLifetime, INeedsS3Store
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ci-s3-" + Guid.NewGuid().ToString("N"));
    private readonly List<S3FileStore> _stores = [];
    private StorageOptions _options = null!;
    private AmazonS3Client _raw = null!;

    public async Task InitializeAsync()
    {
        _options = TestS3Store.Options(_root);
        _raw = S3ClientFactory.Create(_options.S3);
        await TestS3Store.CreateBucketAsync(_raw, _options.S3.Bucket);
    }

    public async Task DisposeAsync()
    {
        await TestS3Store.DeleteBucketAsync(_raw, _options.S3.Bucket);
        _raw.Dispose();
        _stores.ForEach(s => s.Dispose());
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private S3FileStore NewStore(StorageOptions? options = null, TimeSpan? sweepInterval = null)
    {
        var o = options ?? _options;
        if (sweepInterval is { } interval)
        {
            o = new StorageOptions { Backend = o.Backend, Root = o.Root, S3 = o.S3, SweepInterval = interval };
        }
        var store = new S3FileStore(o, S3ClientFactory.Create(o.S3), TimeProvider.System, NullLogger<S3FileStore>.Instance);
        _stores.Add(store);
        return store;
    }

    [StoreFact]
    public async Task Put_WritesTheDocumentedKeyAndMetadata()
    {
        var (sid, fid) = (Ids.New(), Ids.New());

        await NewStore().PutAsync(sid, fid, "résumé/Q3 report.CSV", new MemoryStream([1, 2, 3]), default);

        var head = await _raw.GetObjectMetadataAsync(_options.S3.Bucket, $"{sid}/{fid}.csv");
        Assert.Equal("r%C3%A9sum%C3%A9%2FQ3%20report.CSV", head.Metadata["x-amz-meta-original-filename"]);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(new byte[] { 1, 2, 3 })), head.Metadata["x-amz-meta-md5"]);
        Assert.Equal("text/csv", head.Headers.ContentType);
        Assert.Equal(3, head.Headers.ContentLength);
    }

    [StoreFact]
    public async Task Put_OverTheThreshold_IsAMultipartObject_AndLeavesNoUploadOpen()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        var content = RandomNumberGenerator.GetBytes(11 * 1024 * 1024);

        var stored = await NewStore().PutAsync(sid, fid, "big.bin", new MemoryStream(content), default);

        Assert.EndsWith("-3", stored.ETag, StringComparison.Ordinal); // 5 + 5 + 1 MiB
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), stored.ContentMd5);
        var uploads = await _raw.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.S3.Bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        Assert.Empty(Directory.Exists(Path.Combine(_root, ".spool")) ? Directory.GetFiles(Path.Combine(_root, ".spool")) : []);
    }

    [StoreFact]
    public async Task KeyPrefix_KeepsTheStoreInItsFolder_AndForeignObjectsAreNeverTouched()
    {
        var prefixed = TestS3Store.Options(_root, _options.S3.Bucket, s3 => s3.KeyPrefix = "tenant-a/");
        var store = NewStore(prefixed);
        var (sid, fid) = (Ids.New(), Ids.New());
        await _raw.PutObjectAsync(new PutObjectRequest { BucketName = _options.S3.Bucket, Key = "notes/readme.txt", ContentBody = "x", UseChunkEncoding = false });
        await _raw.PutObjectAsync(new PutObjectRequest { BucketName = _options.S3.Bucket, Key = $"{sid}/{Ids.New()}.txt", ContentBody = "other tenant", UseChunkEncoding = false });

        await store.PutAsync(sid, fid, "a.txt", new MemoryStream([1]), default);

        Assert.NotNull(await _raw.GetObjectMetadataAsync(_options.S3.Bucket, $"tenant-a/{sid}/{fid}.txt"));
        Assert.Equal([fid], (await store.ListAsync(sid, default)).Select(f => f.FileId));
        Assert.Equal(1, await store.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddMinutes(1), default));
        var left = (await _raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.S3.Bucket })).S3Objects!.Select(o => o.Key);
        Assert.Contains("notes/readme.txt", left);
        Assert.Contains(left, k => k.StartsWith(sid + "/", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task ObjectsWithoutOurMetadata_AreServedUnderTheirKeyName()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        await _raw.PutObjectAsync(new PutObjectRequest { BucketName = _options.S3.Bucket, Key = $"{sid}/{fid}.json", ContentBody = "{}", UseChunkEncoding = false });

        var file = await NewStore().GetAsync(sid, fid, default);

        Assert.NotNull(file);
        Assert.Equal($"{fid}.json", file.OriginalName);
        Assert.Equal(2, file.Size);
    }

    [StoreFact]
    public async Task SweepOnEveryNode_RemovesEachExpiredFileOnce()
    {
        var writer = NewStore();
        var ids = Enumerable.Range(0, 10).Select(_ => (Sid: Ids.New(), Fid: Ids.New())).ToArray();
        foreach (var (sid, fid) in ids)
        {
            await writer.PutAsync(sid, fid, "x.txt", new MemoryStream([1]), default);
        }
        var nodes = Enumerable.Range(0, 3).Select(_ => NewStore(sweepInterval: TimeSpan.FromSeconds(2))).ToArray();
        var cutoff = DateTimeOffset.UtcNow.AddMinutes(1);

        var counts = await Task.WhenAll(nodes.Select(n => n.DeleteOlderThanAsync(cutoff, default)));

        Assert.Equal(10, counts.Sum());
        Assert.Single(counts, c => c == 10);
        foreach (var (sid, fid) in ids)
        {
            Assert.Null(await writer.GetAsync(sid, fid, default));
        }
        // The holder keeps the lease while it lives; the others keep backing off.
        Assert.Equal(0, (await Task.WhenAll(nodes.Select(n => n.DeleteOlderThanAsync(cutoff, default)))).Sum());
    }

    [StoreFact]
    public async Task Sweep_AbortsMultipartUploadsAbandonedForOverAnHour_AndOnlyThose()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        var abandoned = await _raw.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _options.S3.Bucket, Key = $"{sid}/{fid}.bin" });
        var later = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var store = new S3FileStore(_options, S3ClientFactory.Create(_options.S3), later, NullLogger<S3FileStore>.Instance);
        _stores.Add(store);

        await store.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-1), default);
        Assert.Single((await _raw.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.S3.Bucket })).MultipartUploads ?? []);

        later.Advance(TimeSpan.FromHours(2));
        await store.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-1), default);

        var left = (await _raw.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.S3.Bucket })).MultipartUploads ?? [];
        Assert.DoesNotContain(left, u => u.UploadId == abandoned.UploadId);
    }

    [StoreFact]
    public async Task MissingBucket_IsCreatedWhenAllowed_ElseReported()
    {
        var forbidden = NewStore(TestS3Store.Options(_root, tune: s3 => s3.CreateBucket = false));
        var status = await forbidden.CheckAsync(default);
        Assert.False(status.Available);
        Assert.Equal("the bucket does not exist", status.Problem);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => forbidden.ListAsync(Ids.New(), default));

        var allowedOptions = TestS3Store.Options(_root, tune: s3 => s3.CreateBucket = true);
        var allowed = NewStore(allowedOptions);
        Assert.True((await allowed.CheckAsync(default)).Available);
        Assert.Empty(await allowed.ListAsync(Ids.New(), default));
        await TestS3Store.DeleteBucketAsync(_raw, allowedOptions.S3.Bucket);
    }

    [StoreFact]
    public async Task WrongCredentials_Are503NotACrash()
    {
        var store = NewStore(TestS3Store.Options(_root, _options.S3.Bucket, s3 => s3.SecretKey = "wrong"));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync(Ids.New(), Ids.New(), default));

        Assert.Equal("the store refused the credentials", e.Reason);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
        Assert.False((await store.CheckAsync(default)).Available);
    }
}
