using CodeInterpreter.Files;

namespace CodeInterpreter.Storage;

/// <summary>
/// What the local store holds: sessions, files and their bytes (a directory walk; metadata sidecars excluded).
/// <paramref name="DiskBytes"/> counts a file id once: an unchanged input is kept under the next session as a hard
/// link of the same id, which costs no disk.
/// </summary>
internal sealed record StorageUsage(long Sessions, long Files, long Bytes, long DiskBytes)
{
    public static StorageUsage Measure(string root)
    {
        long sessions = 0, files = 0, bytes = 0, diskBytes = 0;
        var layout = new LocalLayout(root);
        if (!Directory.Exists(layout.Root))
        {
            return new(0, 0, 0, 0);
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in new DirectoryInfo(layout.Root).EnumerateDirectories().Where(d => Ids.IsValid(d.Name)))
        {
            var any = false;
            foreach (var file in SafeFiles(dir).Where(f => !LocalLayout.IsMetaFile(f.Name) && LocalLayout.FileIdOf(f.Name) is not null))
            {
                any = true;
                files++;
                bytes += file.Length;
                diskBytes += ids.Add(LocalLayout.FileIdOf(file.Name)!) ? file.Length : 0;
            }
            sessions += any ? 1 : 0;
        }
        return new(sessions, files, bytes, diskBytes);
    }

    /// <summary>A session directory removed during the walk (expiry, delete) simply counts as empty.</summary>
    private static IEnumerable<FileInfo> SafeFiles(DirectoryInfo dir)
    {
        try
        {
            return dir.GetFiles();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
