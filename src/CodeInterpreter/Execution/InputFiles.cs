using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Execution;

/// <summary>A stored file chosen to appear at <c>/mnt/data/&lt;Path&gt;</c>.</summary>
public sealed record InputFile(string Path, StoredFile Stored);

/// <summary>Turns refs and a session id into the set of files a run sees, then writes them into the job.</summary>
public sealed class InputFiles(IFileStore store)
{
    /// <summary>
    /// Session files first, then refs; for one path an explicit ref beats a session file, and among refs
    /// the newest wins (two uploads of the same name must not break later runs).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, InputFile>> ResolveAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var byPath = new Dictionary<string, InputFile>(StringComparer.Ordinal);
        if (request.SessionId is { } sessionId)
        {
            foreach (var stored in await store.ListAsync(sessionId, cancellationToken).ConfigureAwait(false))
            {
                KeepNewest(byPath, new InputFile(stored.OriginalName, stored));
            }
        }
        var fromRefs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fileRef in request.Files)
        {
            var stored = await store.GetAsync(fileRef.SessionId, fileRef.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new ExecutionRefusedException(ExecutionError.InputNotFound,
                    $"File not found: {fileRef.Name ?? fileRef.Id} (session {fileRef.SessionId}, id {fileRef.Id}); upload it again");
            var path = fileRef.Name ?? stored.OriginalName;
            var input = new InputFile(path, stored);
            if (fromRefs.Add(path) || StoredFile.CompareRecency(byPath[path].Stored, stored) <= 0)
            {
                byPath[path] = input;
            }
        }
        RejectFileDirectoryClashes(byPath.Keys);
        return byPath;
    }

    public async Task CopyInAsync(ISandboxJob job, IReadOnlyDictionary<string, InputFile> inputs, CancellationToken cancellationToken)
    {
        foreach (var input in inputs.Values)
        {
            var opened = await store.OpenReadAsync(input.Stored.SessionId, input.Stored.FileId, cancellationToken).ConfigureAwait(false)
                ?? throw new ExecutionRefusedException(ExecutionError.InputNotFound, $"File not found: {input.Path}; upload it again");
            await using var content = opened.Content;
            await job.WriteWorkFileAsync(input.Path, content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void KeepNewest(Dictionary<string, InputFile> byPath, InputFile input)
    {
        if (!byPath.TryGetValue(input.Path, out var existing) || StoredFile.CompareRecency(existing.Stored, input.Stored) <= 0)
        {
            byPath[input.Path] = input;
        }
    }

    /// <summary><c>a</c> as a file and <c>a/b</c> as a file cannot both exist in one directory tree.</summary>
    private static void RejectFileDirectoryClashes(IEnumerable<string> paths)
    {
        var set = paths.ToHashSet(StringComparer.Ordinal);
        foreach (var path in set)
        {
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (set.Contains(path[..slash]))
                {
                    throw new ExecutionRefusedException(ExecutionError.InputConflict,
                        $"Input files '{path[..slash]}' and '{path}' cannot both be mounted");
                }
            }
        }
    }
}
