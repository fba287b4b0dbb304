using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// Persistent /mnt/data per (caller, runtime session hint), kept in the file store so any node serves it. Calls in one
/// workspace take turns: on this node through a lock, across nodes that share the store through a lease in it. A call
/// that waits longer than <see cref="WorkspaceOptions.BusyWaitSeconds"/> gets <see cref="WorkspaceBusyException"/>.
/// </summary>
public sealed class Workspaces
{
    private readonly WorkspaceLocks _locks = new();
    private readonly IStateStore _store;
    private readonly IOptions<WorkspaceOptions> _options;
    private readonly TimeSpan _sessionTtl;
    private readonly TimeProvider _time;
    private readonly ILogger<Workspaces> _logger;

    /// <param name="sessionTtl">the session files' TTL: the idle TTL unless <see cref="WorkspaceOptions.IdleHours"/> is set.</param>
    internal Workspaces(IStateStore store, IOptions<WorkspaceOptions> options, TimeSpan sessionTtl, TimeProvider time, ILogger<Workspaces> logger)
    {
        _store = store;
        _options = options;
        _sessionTtl = sessionTtl;
        _time = time;
        _logger = logger;
    }

    public RuntimeSessionMode Mode => _options.Value.Mode;

    /// <summary>How long an unused workspace is kept.</summary>
    public TimeSpan IdleTtl => _options.Value.IdleHours > 0 ? TimeSpan.FromHours(_options.Value.IdleHours) : _sessionTtl;

    /// <summary>Workspaces with a call running or waiting on this node.</summary>
    public int Busy => _locks.Count;

    /// <summary>
    /// Takes the workspace's turn and opens its stored state. Null in stateless mode. In affinity mode a store that
    /// fails gives a fresh, unsaved workspace with a note; in strict mode the failure propagates (503).
    /// </summary>
    public async Task<AttachedWorkspace?> AttachAsync(RuntimeSessionSpec spec, CancellationToken cancellationToken)
    {
        var o = _options.Value;
        if (o.Mode == RuntimeSessionMode.Stateless)
        {
            return null;
        }
        var id = RuntimeSessionIds.For(spec);
        var wait = TimeSpan.FromSeconds(o.BusyWaitSeconds);
        var started = _time.GetTimestamp();
        var turn = await _locks.TryAcquireAsync(id, wait, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            WorkspacesLog.Busy(_logger, id);
            throw new WorkspaceBusyException(id);
        }
        WorkspaceLease? lease = null;
        try
        {
            if (_store.IsShared)
            {
                var left = wait - _time.GetElapsedTime(started);
                lease = await WorkspaceLease.TryAcquireAsync(_store, id, left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, cancellationToken)
                    .ConfigureAwait(false);
                if (lease is null)
                {
                    WorkspacesLog.Busy(_logger, id);
                    throw new WorkspaceBusyException(id);
                }
            }
            var archive = await OpenArchiveAsync(id, cancellationToken).ConfigureAwait(false);
            return new AttachedWorkspace(id, archive, canSave: true, note: null, _store, o, IdleTtl, _time, turn, lease);
        }
        catch (StorageUnavailableException e) when (o.Mode == RuntimeSessionMode.Affinity)
        {
            WorkspacesLog.Degraded(_logger, id, e.Reason);
            return new AttachedWorkspace(id, archive: null, canSave: false,
                $"workspace unavailable ({e.Reason}): this call started with an empty /mnt/data and its files are not kept",
                _store, o, IdleTtl, _time, turn, lease);
        }
        catch
        {
            if (lease is not null)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
            turn.Dispose();
            throw;
        }
    }

    /// <summary>The stored archive, or null when there is none or it idled past the TTL (then it is deleted).</summary>
    private async Task<StateObject?> OpenArchiveAsync(string id, CancellationToken cancellationToken)
    {
        var key = AttachedWorkspace.ArchiveKey(id);
        var archive = await _store.OpenStateAsync(key, cancellationToken).ConfigureAwait(false);
        if (archive is not null && _time.GetUtcNow() - archive.Entry.LastModified > IdleTtl)
        {
            await archive.DisposeAsync().ConfigureAwait(false);
            await _store.DeleteStateAsync(key, cancellationToken).ConfigureAwait(false);
            WorkspacesLog.Expired(_logger, id);
            return null;
        }
        return archive;
    }
}
