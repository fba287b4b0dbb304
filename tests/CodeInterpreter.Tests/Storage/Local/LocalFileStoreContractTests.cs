using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Storage.Local;

/// <summary>The storage contract against the local disk store (the embedded default).</summary>
public sealed class LocalFileStoreContractTests : FileStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ci-contract-" + Guid.NewGuid().ToString("N"));

    protected override long MultipartThreshold => 5 * 1024 * 1024;

    protected override Task<IFileStore> CreateStoreAsync() => Task.FromResult(SecondInstance());

    protected override IFileStore SecondInstance() =>
        new LocalFileStore(Options.Create(new StorageOptions { Root = _root }), TimeProvider.System, NullLogger<LocalFileStore>.Instance);

    protected override Task DestroyAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        return Task.CompletedTask;
    }
}
