using System.Security.Cryptography;
using CodeInterpreter.Files;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Quota;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// After a successful run: walks <c>/mnt/data</c> without following links and stores what is new or changed
/// under the run's new session, so every listed file is downloadable before the reply goes out. New files are charged
/// to the run's owner: one that does not fit a storage quota is not stored, with a note like every other skipped file.
/// </summary>
public sealed class OutputCollector(IFileStore store, StorageQuota quota, IOptions<ExecutionOptions> options)
{
    private const int MaxPathLength = FileNames.MaxBytes;
    private const int CopyConcurrency = 4;

    public async Task<(IReadOnlyList<OutputFile> Files, IReadOnlyList<string> Notes)> CollectAsync(
        ISandboxJob job, IReadOnlyDictionary<string, InputFile> inputs, string sessionId, QuotaOwner owner, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var scan = job.ScanWorkDir(new ScanLimits(inputs.Count + limits.MaxOutputFiles + 1000, limits.MaxOutputDepth, MaxPathLength));
        List<string> notes = [.. scan.Skipped];
        List<OutputFile> files = [];
        var maxBytes = (long)limits.MaxOutputFileMb * 1024 * 1024;
        // Copies are server-side on S3 (tens of ms for a large file): they run while the new files are stored.
        List<Task> copies = [];
        using var copyGate = new SemaphoreSlim(CopyConcurrency);
        try
        {
            await CollectFilesAsync(job, inputs, new Destination(sessionId, owner), scan, notes, files, copies, copyGate, maxBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(copies).ConfigureAwait(false);
        }
        return (files, notes);
    }

    private async Task CollectFilesAsync(ISandboxJob job, IReadOnlyDictionary<string, InputFile> inputs, Destination destination,
        WorkDirScan scan, List<string> notes, List<OutputFile> files, List<Task> copies, SemaphoreSlim copyGate, long maxBytes,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var sessionId = destination.SessionId;
        var stored = 0;
        foreach (var file in scan.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            inputs.TryGetValue(file.RelativePath, out var input);
            if (input is not null && await IsUnchangedAsync(job, file, input.Stored).ConfigureAwait(false))
            {
                // Also under the new session, same id: older clients download every listed file with the reply's
                // session_id, and list that session (not the input's) to mount files in the next call.
                copies.Add(CopyAsync(input.Stored, sessionId, copyGate, cancellationToken));
                files.Add(new OutputFile(input.Stored.FileId, file.RelativePath, input.Stored.SessionId, input.Stored.Size,
                    input.Stored.ContentType, Inherited: true));
                continue;
            }
            if (FileNames.Validate(file.RelativePath) is { } problem)
            {
                notes.Add($"'{FileNames.Printable(file.RelativePath)}' was not kept: {problem}");
                continue;
            }
            if (file.Size > maxBytes)
            {
                notes.Add($"'{file.RelativePath}' was not kept: {file.Size / 1048576.0:0.#} MiB is over the {limits.MaxOutputFileMb} MiB per-file limit");
                continue;
            }
            if (stored == limits.MaxOutputFiles)
            {
                notes.Add($"'{file.RelativePath}' was not kept: only {limits.MaxOutputFiles} new or changed files are kept per run");
                continue;
            }
            await using var content = job.OpenWorkFile(file.RelativePath);
            StoredFile saved;
            try
            {
                saved = await quota.PutAsync(destination.Owner, sessionId, Ids.New(), file.RelativePath, content, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageQuotaExceededException e)
            {
                notes.Add($"'{file.RelativePath}' was not kept: {e.Message}");
                continue;
            }
            stored++;
            var origin = input is null ? null : new FileOrigin(input.Stored.FileId, input.Stored.SessionId);
            files.Add(new OutputFile(saved.FileId, file.RelativePath, sessionId, saved.Size, saved.ContentType, ModifiedFrom: origin));
        }
    }

    private async Task CopyAsync(StoredFile input, string sessionId, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await store.CopyAsync(input.SessionId, input.FileId, sessionId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<bool> IsUnchangedAsync(ISandboxJob job, WorkFile file, StoredFile input)
    {
        if (file.Size != input.Size || input.Md5 is not { } md5)
        {
            return false;
        }
        await using var content = job.OpenWorkFile(file.RelativePath);
        var hash = Convert.ToHexStringLower(await MD5.HashDataAsync(content).ConfigureAwait(false));
        return string.Equals(hash, md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where new files go: the run's session, charged to its owner.</summary>
    private sealed record Destination(string SessionId, QuotaOwner Owner);
}
