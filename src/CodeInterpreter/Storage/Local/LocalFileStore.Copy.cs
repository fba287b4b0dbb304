using System.Runtime.InteropServices;
using System.Text.Json;

namespace CodeInterpreter.Storage.Local;

internal sealed partial class LocalFileStore
{
    /// <summary>A hard link of the data file (objects are never changed in place) and a new sidecar, both renamed into place.</summary>
    public async Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken)
    {
        StoreIds.Validate(sourceSessionId, fileId);
        StoreIds.ValidateSession(targetSessionId);
        var meta = await ReadMetaAsync(_layout.MetaPath(sourceSessionId, fileId), cancellationToken);
        if (meta is null)
        {
            return null;
        }
        PrivateDirectory.Create(_layout.TempDir);
        var tempData = _layout.NewTempPath(".data");
        var tempMeta = _layout.NewTempPath(".meta");
        try
        {
            var source = _layout.DataPath(sourceSessionId, fileId, meta.OriginalName);
            if (Native.Link(source, tempData) != 0)
            {
                File.Copy(source, tempData);
            }
            var copy = meta with { Key = LocalLayout.Key(targetSessionId, fileId, meta.OriginalName), LastModified = _time.GetUtcNow() };
            await WriteDurablyAsync(tempMeta, JsonSerializer.SerializeToUtf8Bytes(copy, StorageJsonContext.Default.ObjectMetadata), cancellationToken);
            var sessionDir = _layout.SessionDir(targetSessionId);
            MoveIntoPlace(tempMeta, _layout.MetaPath(targetSessionId, fileId), sessionDir);
            MoveIntoPlace(tempData, _layout.DataPath(targetSessionId, fileId, meta.OriginalName), sessionDir);
            return copy.ToStoredFile(targetSessionId, fileId);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        finally
        {
            TryDeleteFile(tempData);
            TryDeleteFile(tempMeta);
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Link(string oldPath, string newPath);
    }
}
