namespace CodeInterpreter.Execution.Workspaces;

/// <summary>One call at a time per workspace on this node: a later call waits its turn, for a bounded time.</summary>
internal sealed class WorkspaceLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The workspace's turn, or null when <paramref name="wait"/> passed first.</summary>
    public async Task<IDisposable?> TryAcquireAsync(string id, TimeSpan wait, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out entry!))
            {
                entry = new Entry();
                _entries[id] = entry;
            }
            entry.Users++;
        }
        var acquired = false;
        try
        {
            acquired = await entry.Gate.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return acquired ? new Turn(this, id, entry) : null;
        }
        finally
        {
            if (!acquired)
            {
                Leave(id, entry);
            }
        }
    }

    /// <summary>How many workspaces have a call running or waiting on this node.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private void Leave(string id, Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(id);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Turn(WorkspaceLocks locks, string id, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Gate.Release();
                locks.Leave(id, entry);
            }
        }
    }
}
