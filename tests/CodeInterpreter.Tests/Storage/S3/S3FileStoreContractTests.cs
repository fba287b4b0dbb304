using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeInterpreter.Tests.Storage;

/// <summary>The same storage contract against the S3 store on a real S3-compatible server (Swift + s3api), a bucket per test.</summary>
public sealed class S3FileStoreContractTests : FileStoreContract, INeedsS3Store
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ci-s3-contract-" + Guid.NewGuid().ToString("N"));
    private StorageOptions _options = null!;
    private readonly List<IDisposable> _stores = [];

    protected override long MultipartThreshold => 5 * 1024 * 1024;

    protected override async Task<IFileStore> CreateStoreAsync()
    {
        _options = TestS3Store.Options(_root);
        using var admin = S3ClientFactory.Create(_options.S3);
        await TestS3Store.CreateBucketAsync(admin, _options.S3.Bucket);
        return SecondInstance();
    }

    protected override IFileStore SecondInstance()
    {
        var store = new S3FileStore(_options, S3ClientFactory.Create(_options.S3), TimeProvider.System, NullLogger<S3FileStore>.Instance);
        _stores.Add(store);
        return store;
    }

    protected override async Task DestroyAsync()
    {
        if (_options is not null)
        {
            using var admin = S3ClientFactory.Create(_options.S3);
            await TestS3Store.DeleteBucketAsync(admin, _options.S3.Bucket);
        }
        _stores.ForEach(s => s.Dispose());
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
