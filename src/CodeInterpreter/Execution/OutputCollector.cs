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

    /// <param name="baseline">files a workspace put into /mnt/data (path → size and MD5): unchanged, they are no output.</param>
    public async Task<CollectedOutputs> CollectAsync(
        ISandboxJob job, IReadOnlyDictionary<string, InputFile> inputs, string sessionId, QuotaOwner owner, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, FileDigest>? baseline = null)
    {
        var limits = options.Value;
        baseline ??= new Dictionary<string, FileDigest>();
        var scan = job.ScanWorkDir(new ScanLimits(inputs.Count + baseline.Count + limits.MaxOutputFiles + 1000, limits.MaxOutputDepth, MaxPathLength));
        List<string> notes = [.. scan.Skipped];
        List<OutputFile> files = [];
        var maxBytes = (long)limits.MaxOutputFileMb * 1024 * 1024;
        var delivery = new DeliveryCount();
        // Copies are server-side on S3 (tens of ms for a large file): they run while the new files are stored.
        List<Task> copies = [];
        using var copyGate = new SemaphoreSlim(CopyConcurrency);
        try
        {
            await CollectFilesAsync(job, inputs, baseline, new Destination(sessionId, owner), scan, notes, files, copies, copyGate, maxBytes,
                    delivery, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(copies).ConfigureAwait(false);
        }
        return new CollectedOutputs(files, notes, DeletedInputs.Find(job, scan, inputs.Keys.Concat(baseline.Keys)),
            delivery.Failed > 0 ? new ArtifactDelivery(delivery.Stored + delivery.Failed, delivery.Stored, delivery.Failed) : null);
    }

    private async Task CollectFilesAsync(ISandboxJob job, IReadOnlyDictionary<string, InputFile> inputs,
        IReadOnlyDictionary<string, FileDigest> baseline, Destination destination, WorkDirScan scan, List<string> notes, List<OutputFile> files,
        List<Task> copies, SemaphoreSlim copyGate, long maxBytes, DeliveryCount delivery, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var sessionId = destination.SessionId;
        foreach (var file in scan.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            inputs.TryGetValue(file.RelativePath, out var input);
            if (input is null && baseline.TryGetValue(file.RelativePath, out var restored)
                && await IsUnchangedAsync(job, file, restored.Size, restored.Md5).ConfigureAwait(false))
            {
                // A workspace file the program left alone: LibreChat already has it from the call that made it.
                continue;
            }
            if (input is not null && await IsUnchangedAsync(job, file, input.Stored.Size, input.Stored.Md5).ConfigureAwait(false))
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
            if (delivery.Stored + delivery.Failed == limits.MaxOutputFiles)
            {
                notes.Add($"'{file.RelativePath}' was not kept: only {limits.MaxOutputFiles} new or changed files are kept per run");
                continue;
            }
            StoredFile saved;
            try
            {
                await using var content = job.OpenWorkFile(file.RelativePath);
                saved = await quota.PutAsync(destination.Owner, sessionId, Ids.New(), file.RelativePath, content, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (StorageQuotaExceededException e)
            {
                notes.Add($"'{file.RelativePath}' was not kept: {e.Message}");
                continue;
            }
            catch (StorageUnavailableException e)
            {
                // The run happened: the reply keeps its output and the files that made it, and says how many did not.
                delivery.Failed++;
                notes.Add($"'{file.RelativePath}' could not be stored: {e.Reason}");
                continue;
            }
            delivery.Stored++;
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
        catch (StorageUnavailableException)
        {
            // Only older clients read an unchanged input under the new session; it stays where it was stored.
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<bool> IsUnchangedAsync(ISandboxJob job, WorkFile file, long size, string? md5)
    {
        if (file.Size != size || md5 is null)
        {
            return false;
        }
        await using var content = job.OpenWorkFile(file.RelativePath);
        var hash = Convert.ToHexStringLower(await MD5.HashDataAsync(content).ConfigureAwait(false));
        return string.Equals(hash, md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where new files go: the run's session, charged to its owner.</summary>
    private sealed record Destination(string SessionId, QuotaOwner Owner);

    private sealed class DeliveryCount
    {
        public int Stored { get; set; }
        public int Failed { get; set; }
    }
}

/// <summary>What a run left: the reply's files, notes for stderr, removed inputs, and a partial delivery if any.</summary>
public sealed record CollectedOutputs(IReadOnlyList<OutputFile> Files, IReadOnlyList<string> Notes, IReadOnlyList<string> Deleted,
    ArtifactDelivery? Delivery)
{
    public void Deconstruct(out IReadOnlyList<OutputFile> files, out IReadOnlyList<string> notes) => (files, notes) = (Files, Notes);
}
