using CodeInterpreter.Files;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// A workspace held by one call: its files go into the job before the inputs (<see cref="RestoreAsync"/>), its new
/// state is saved after the run (<see cref="SaveAsync"/>), and disposing it lets the next call in. Notes (a workspace
/// too large to save, a store that failed) go to the run's stderr.
/// </summary>
public sealed class AttachedWorkspace : IAsyncDisposable
{
    private readonly IStateStore _store;
    private readonly WorkspaceOptions _options;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly IDisposable _turn;
    private readonly WorkspaceLease? _lease;
    private readonly List<string> _notes = [];
    private readonly bool _canSave;
    private StateObject? _archive;
    private DateTimeOffset? _savedAt;

    internal AttachedWorkspace(string runtimeSessionId, StateObject? archive, bool canSave, string? note, IStateStore store,
        WorkspaceOptions options, TimeSpan idle, TimeProvider time, IDisposable turn, WorkspaceLease? lease)
    {
        RuntimeSessionId = runtimeSessionId;
        _archive = archive;
        Reused = archive is not null;
        Bytes = archive?.Entry.Size ?? 0;
        _savedAt = archive?.Entry.LastModified;
        _canSave = canSave;
        _store = store;
        _options = options;
        _idle = idle;
        _time = time;
        _turn = turn;
        _lease = lease;
        if (note is not null)
        {
            _notes.Add(note);
        }
    }

    public static string ArchiveKey(string runtimeSessionId) => $"workspaces/{runtimeSessionId}.tar";

    /// <summary><c>runtime_session_id</c>.</summary>
    public string RuntimeSessionId { get; }

    /// <summary>Files were there from an earlier call (<c>runtime_status: reused</c>); else <c>new</c>.</summary>
    public bool Reused { get; }

    /// <summary>Size of the stored archive: the room its files need in /mnt/data.</summary>
    public long Bytes { get; }

    /// <summary>What the restore wrote, path → size and MD5: unchanged ones are no new output.</summary>
    public IReadOnlyDictionary<string, FileDigest> Baseline { get; private set; } = new Dictionary<string, FileDigest>();

    public IReadOnlyList<string> Notes => _notes;

    public async Task RestoreAsync(ISandboxJob job, CancellationToken cancellationToken)
    {
        if (_archive is not { } archive)
        {
            return;
        }
        _archive = null;
        await using (archive.ConfigureAwait(false))
        {
            Baseline = await WorkspaceArchive.RestoreAsync(archive.Content, job, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores /mnt/data as the workspace's new state, unless it is over a cap or nothing changed.</summary>
    public async Task SaveAsync(ISandboxJob job, CancellationToken cancellationToken)
    {
        if (!_canSave)
        {
            return;
        }
        var scan = job.ScanWorkDir(new ScanLimits(_options.MaxFiles + 1, FileNames.MaxDepth, FileNames.MaxBytes));
        if (scan.Files.Count > _options.MaxFiles)
        {
            _notes.Add($"workspace not saved: more than {_options.MaxFiles} files in /mnt/data; the next call sees the previous state");
            return;
        }
        var bytes = scan.Files.Sum(f => f.Size);
        if (bytes > _options.MaxBytes)
        {
            _notes.Add($"workspace not saved: {bytes / 1048576.0:0.#} MiB in /mnt/data is over the {_options.MaxMb} MiB cap; the next call sees the previous state");
            return;
        }
        if (Reused && !NeedsRefresh() && await IsUnchangedAsync(job, scan.Files).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            await _store.PutStateAsync(ArchiveKey(RuntimeSessionId),
                (stream, ct) => WorkspaceArchive.WriteAsync(stream, job, scan.Files, ct), cancellationToken).ConfigureAwait(false);
            _savedAt = _time.GetUtcNow();
        }
        catch (StorageUnavailableException e)
        {
            _notes.Add($"workspace not saved: the file store is unavailable ({e.Reason}); the next call sees the previous state");
        }
    }

    /// <summary>An unchanged workspace is still rewritten now and then, so its idle clock starts again.</summary>
    private bool NeedsRefresh() => _savedAt is not { } saved || _time.GetUtcNow() - saved > _idle / 4;

    private async Task<bool> IsUnchangedAsync(ISandboxJob job, IReadOnlyList<WorkFile> files)
    {
        if (files.Count != Baseline.Count)
        {
            return false;
        }
        foreach (var file in files)
        {
            if (!Baseline.TryGetValue(file.RelativePath, out var before) || before.Size != file.Size)
            {
                return false;
            }
        }
        foreach (var file in files)
        {
            if (await WorkspaceArchive.Md5Async(job, file.RelativePath).ConfigureAwait(false) != Baseline[file.RelativePath].Md5)
            {
                return false;
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_archive is { } archive)
        {
            _archive = null;
            await archive.DisposeAsync().ConfigureAwait(false);
        }
        if (_lease is not null)
        {
            await _lease.DisposeAsync().ConfigureAwait(false);
        }
        _turn.Dispose();
    }
}
