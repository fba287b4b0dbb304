using System.Security.Cryptography;
using System.Text.Json;
using CodeInterpreter.Files;

namespace CodeInterpreter.Storage.Local;

internal sealed partial class LocalFileStore
{
    public async Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sessionId, fileId);
        if (FileNames.Validate(originalName) is { } reason)
        {
            throw new ArgumentException(reason, nameof(originalName));
        }
        ArgumentNullException.ThrowIfNull(content);

        PrivateDirectory.Create(_layout.TempDir);
        var tempData = _layout.NewTempPath(".data");
        var tempMeta = _layout.NewTempPath(".meta");
        try
        {
            var (size, etag) = await WriteDataAsync(tempData, content, cancellationToken);
            var meta = new ObjectMetadata(
                LocalLayout.Key(sessionId, fileId, originalName), originalName, ContentTypes.FromName(originalName),
                size, etag, _time.GetUtcNow());
            await WriteDurablyAsync(tempMeta, JsonSerializer.SerializeToUtf8Bytes(meta, StorageJsonContext.Default.ObjectMetadata), cancellationToken);

            // Sidecar first, data last: listing requires both, so the object appears only once complete.
            var sessionDir = _layout.SessionDir(sessionId);
            MoveIntoPlace(tempMeta, _layout.MetaPath(sessionId, fileId), sessionDir);
            var dataPath = _layout.DataPath(sessionId, fileId, originalName);
            MoveIntoPlace(tempData, dataPath, sessionDir);
            RemoveReplacedData(sessionDir, fileId, dataPath);

            StorageLog.ObjectStored(_logger, sessionId, fileId, size);
            return meta.ToStoredFile(sessionId, fileId);
        }
        finally
        {
            // No-ops after a successful rename; after a failure they drop the partial write.
            TryDeleteFile(tempData);
            TryDeleteFile(tempMeta);
        }
    }

    /// <summary>Streams the content to disk while hashing it, then fsyncs; returns size and lower-hex MD5.</summary>
    private static async Task<(long Size, string ETag)> WriteDataAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        await using var target = CreateTempFile(path);
        await HashingCopy.CopyAsync(content, target, md5, long.MaxValue, cancellationToken);
        target.Flush(flushToDisk: true);
        return (target.Length, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    private static async Task WriteDurablyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var target = CreateTempFile(path);
        await target.WriteAsync(bytes, cancellationToken);
        target.Flush(flushToDisk: true);
    }

    private static FileStream CreateTempFile(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateDirectory.OwnerReadWrite;
        }
        return new FileStream(path, options);
    }

    /// <summary>Atomic rename over any previous version; recreates the session dir if a sweep just removed it.</summary>
    private static void MoveIntoPlace(string source, string destination, string sessionDir)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                PrivateDirectory.Create(sessionDir);
                File.Move(source, destination, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>A replace under a new extension leaves the old data file behind; drop it.</summary>
    private static void RemoveReplacedData(string sessionDir, string fileId, string currentDataPath)
    {
        foreach (var path in LocalLayout.DataFilesOf(sessionDir, fileId))
        {
            if (path != currentDataPath)
            {
                TryDeleteFile(path);
            }
        }
    }
}
