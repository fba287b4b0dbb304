using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Storage;

/// <summary>A LocalFileStore over a fresh temp directory, with a manual clock.</summary>
internal sealed class StoreHarness : IDisposable
{
    public StoreHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "ci-storage-" + Guid.NewGuid().ToString("N"));
        Time = new ManualTimeProvider(Start);
        Store = NewStore();
    }

    /// <summary>The clock starts at the real time so file-system timestamps (temp files) agree with it.</summary>
    public DateTimeOffset Start { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public string Root { get; }
    public ManualTimeProvider Time { get; }
    public LocalFileStore Store { get; }
    public string TempDir => Path.Combine(Root, ".tmp");

    /// <summary>A second store over the same root, as after a process restart.</summary>
    public LocalFileStore NewStore() =>
        new(Options.Create(new StorageOptions { Root = Root }), Time, NullLogger<LocalFileStore>.Instance);

    public Task<StoredFile> PutAsync(string sessionId, string fileId, string name, byte[] content) =>
        Store.PutAsync(sessionId, fileId, name, new MemoryStream(content), CancellationToken.None);

    /// <summary>Every file under the root except the (empty) temp dir itself.</summary>
    public string[] AllFiles() => Directory.GetFiles(Root, "*", SearchOption.AllDirectories);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
