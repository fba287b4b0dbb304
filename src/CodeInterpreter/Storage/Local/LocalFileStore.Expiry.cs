using CodeInterpreter.Files;

namespace CodeInterpreter.Storage.Local;

internal sealed partial class LocalFileStore
{
    /// <summary>Files nobody owns (a crashed write's temp file, a data file without sidecar) older than this go.</summary>
    private static readonly TimeSpan _staleAfter = TimeSpan.FromHours(1);

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var sessionDir in SessionDirs())
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed += await ExpireSessionAsync(sessionDir, cutoff, cancellationToken);
            RemoveOrphanDataFiles(sessionDir);
            TryRemoveEmptyDirectory(sessionDir);
        }
        RemoveStaleTempFiles();
        return removed;
    }

    private IEnumerable<string> SessionDirs()
    {
        try
        {
            return Directory.GetDirectories(_layout.Root).Where(dir => Ids.IsValid(Path.GetFileName(dir)));
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private async Task<int> ExpireSessionAsync(string sessionDir, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var sessionId = Path.GetFileName(sessionDir);
        var removed = 0;
        foreach (var metaPath in FilesIn(sessionDir, "*" + LocalLayout.MetaSuffix))
        {
            var fileId = Path.GetFileName(metaPath)[..^LocalLayout.MetaSuffix.Length];
            if (!Ids.IsValid(fileId))
            {
                continue;
            }
            // A corrupt sidecar ages by the file system clock, so it cannot pin its object forever.
            var lastModified = (await ReadMetaAsync(metaPath, cancellationToken))?.LastModified
                ?? (File.Exists(metaPath) ? File.GetLastWriteTimeUtc(metaPath) : DateTimeOffset.MaxValue);
            if (lastModified < cutoff && RemoveObject(sessionDir, fileId))
            {
                removed++;
                StorageLog.ObjectExpired(_logger, sessionId, fileId);
            }
        }
        return removed;
    }

    /// <summary>A data file without sidecar is invisible; once stale, it is a crash leftover.</summary>
    private void RemoveOrphanDataFiles(string sessionDir)
    {
        foreach (var path in FilesIn(sessionDir, "*"))
        {
            var name = Path.GetFileName(path);
            var owned = LocalLayout.IsMetaFile(name)
                || (LocalLayout.FileIdOf(name) is { } id && File.Exists(Path.Combine(sessionDir, id + LocalLayout.MetaSuffix)));
            if (!owned)
            {
                DeleteIfStale(path);
            }
        }
    }

    /// <summary>Temp files of writes that crashed or are still running; only the stale ones go.</summary>
    private void RemoveStaleTempFiles()
    {
        var count = FilesIn(_layout.TempDir, "*").Count(DeleteIfStale);
        if (count > 0)
        {
            StorageLog.StaleTempFilesRemoved(_logger, count);
        }
    }

    private bool DeleteIfStale(string path)
    {
        var staleBefore = (_time.GetUtcNow() - _staleAfter).UtcDateTime;
        try
        {
            return File.GetLastWriteTimeUtc(path) < staleBefore && TryDeleteFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StorageLog.CleanupFailed(_logger, path, e);
            return false;
        }
    }

    private static string[] FilesIn(string dir, string pattern)
    {
        try
        {
            return Directory.GetFiles(dir, pattern);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
