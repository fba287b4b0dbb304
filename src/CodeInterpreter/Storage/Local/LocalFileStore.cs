using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage.Local;

/// <summary>
/// Session files on local disk. Writes go to <c>.tmp/</c> and are renamed into place (sidecar first, data last), and
/// an object exists only when both its data file and its sidecar do, so nobody sees a half-written object.
/// </summary>
internal sealed partial class LocalFileStore : IFileStore, Quota.IStoreUsage
{
    private readonly LocalLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalFileStore> _logger;

    public LocalFileStore(IOptions<StorageOptions> options, TimeProvider time, ILogger<LocalFileStore> logger)
    {
        _layout = new LocalLayout(options.Value.Root);
        _time = time;
        _logger = logger;
        PrivateDirectory.Create(_layout.Root);
        PrivateDirectory.Create(_layout.TempDir);
    }

    public async Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        var meta = await ReadMetaAsync(_layout.MetaPath(sessionId, fileId), cancellationToken);
        return meta is not null && File.Exists(_layout.DataPath(sessionId, fileId, meta.OriginalName))
            ? meta.ToStoredFile(sessionId, fileId)
            : null;
    }

    public async Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        var meta = await ReadMetaAsync(_layout.MetaPath(sessionId, fileId), cancellationToken);
        if (meta is null)
        {
            return null;
        }
        try
        {
            var stream = new FileStream(_layout.DataPath(sessionId, fileId, meta.OriginalName), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            return (meta.ToStoredFile(sessionId, fileId), stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A walk of the store's directories (file sizes only; a hard-linked copy counts once).</summary>
    public Task<long> MeasureBytesAsync(CancellationToken cancellationToken) =>
        Task.Run(() => StorageUsage.Measure(_layout.Root).DiskBytes, cancellationToken);

    public Task<StorageStatus> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(_layout.Root)
            ? StorageStatus.Ok(StorageBackends.Local)
            : new StorageStatus(StorageBackends.Local, false, "the files directory is missing"));

    public async Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken)
    {
        StoreIds.ValidateSession(sessionId);
        string[] paths;
        try
        {
            paths = Directory.GetFiles(_layout.SessionDir(sessionId));
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        var files = new List<StoredFile>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            if (LocalLayout.IsMetaFile(name) || LocalLayout.FileIdOf(name) is not { } fileId)
            {
                continue;
            }
            var meta = await ReadMetaAsync(_layout.MetaPath(sessionId, fileId), cancellationToken);
            // A data file whose name disagrees with its sidecar is a leftover of a replace in progress.
            if (meta is not null && LocalLayout.DataFileName(fileId, meta.OriginalName) == name)
            {
                files.Add(meta.ToStoredFile(sessionId, fileId));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return files;
    }

    public Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        var sessionDir = _layout.SessionDir(sessionId);
        var removed = RemoveObject(sessionDir, fileId);
        TryRemoveEmptyDirectory(sessionDir);
        if (removed)
        {
            StorageLog.ObjectDeleted(_logger, sessionId, fileId);
        }
        return Task.FromResult(removed);
    }

    /// <summary>Removes the data files of one id, then its sidecar; true when a data file was there.</summary>
    private bool RemoveObject(string sessionDir, string fileId)
    {
        var removed = false;
        foreach (var dataPath in LocalLayout.DataFilesOf(sessionDir, fileId))
        {
            removed |= TryDeleteFile(dataPath);
        }
        TryDeleteFile(Path.Combine(sessionDir, fileId + LocalLayout.MetaSuffix));
        return removed;
    }

    private async Task<ObjectMetadata?> ReadMetaAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            return JsonSerializer.Deserialize(bytes, StorageJsonContext.Default.ObjectMetadata);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            StorageLog.UnreadableMetadata(_logger, path, e);
            return null;
        }
    }

    private static bool TryDeleteFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }
            File.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static void TryRemoveEmptyDirectory(string path)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path, recursive: false);
            }
        }
        catch (IOException)
        {
            // Gone already, or a concurrent put just added a file: either way the directory is in use or absent.
        }
    }
}
