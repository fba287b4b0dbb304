using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>A stored file chosen to appear at <c>/mnt/data/&lt;Path&gt;</c>.</summary>
public sealed record InputFile(string Path, StoredFile Stored);

/// <summary>Turns refs and a session id into the set of files a run sees, then writes them into the job.</summary>
public sealed class InputFiles(IFileStore store, IOptions<ExecutionOptions> options)
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// Session files first, then refs; for one path an explicit ref beats a session file, and among refs
    /// the newest wins (two uploads of the same name must not break later runs). More files or bytes than one
    /// execution may mount are refused (<see cref="ExecutionError.InputTooLarge"/>), before any sandbox is made.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, InputFile>> ResolveAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // Refs with distinct names are distinct files: too many of them is refused before any store lookup.
        CheckCount(request.Files.Select(f => f.Name ?? f.Id).Distinct(StringComparer.Ordinal).Count(), limits);
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
        CheckCount(byPath.Count, limits);
        var bytes = byPath.Values.Sum(i => i.Stored.Size);
        if (bytes > limits.MaxInputMb * MiB)
        {
            throw new ExecutionRefusedException(ExecutionError.InputTooLarge,
                $"The input files hold {bytes / (double)MiB:0.#} MiB; at most {limits.MaxInputMb} MiB can be mounted in one execution");
        }
        return byPath;
    }

    private static void CheckCount(int count, ExecutionOptions limits)
    {
        if (count > limits.MaxInputFiles)
        {
            throw new ExecutionRefusedException(ExecutionError.InputTooLarge,
                $"{count} input files; at most {limits.MaxInputFiles} can be mounted in one execution");
        }
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
