namespace CodeInterpreter.Execution;

/// <summary>
/// The bytes of input files that may sit in job work dirs at once, service-wide. The service writes inputs into a
/// job's tmpfs itself, so the kernel charges those pages to the service, not to the job's memory cgroup: without this
/// budget, concurrency × the per-run input cap of host RAM could be taken by inputs alone. Waiters are served first in,
/// first out, so a large request is not starved by a stream of small ones.
/// </summary>
internal sealed class InputBudget(long capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private long _held;

    public long Capacity => capacity;

    public long Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary><paramref name="bytes"/> of the budget now, or null when others wait first or it does not fit yet.</summary>
    public IDisposable? TryTake(long bytes)
    {
        if (bytes <= 0)
        {
            return NoGrant.Instance;
        }
        lock (_lock)
        {
            if (_queue.Count > 0 || _held + bytes > capacity)
            {
                return null;
            }
            _held += bytes;
            return new Grant(this, bytes);
        }
    }

    /// <summary>Waits in line for <paramref name="bytes"/> (at most the capacity); cancelling leaves the line.</summary>
    public async Task<IDisposable> TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, capacity);
        if (TryTake(bytes) is { } now)
        {
            return now;
        }
        var waiter = new Waiter(bytes);
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            node = _queue.AddLast(waiter);
            GrantWaiting();
        }
        await using (cancellationToken.Register(() => Leave(node, cancellationToken)).ConfigureAwait(false))
        {
            await waiter.Granted.Task.ConfigureAwait(false);
        }
        return new Grant(this, bytes);
    }

    private void Leave(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // granted already: the caller owns the bytes and gives them back when done
            }
            _queue.Remove(node);
            GrantWaiting();
        }
        node.Value.Granted.TrySetCanceled(cancellationToken);
    }

    private void Release(long bytes)
    {
        lock (_lock)
        {
            _held -= bytes;
            GrantWaiting();
        }
    }

    /// <summary>Hands the budget to waiters in order while the first one fits (under the lock).</summary>
    private void GrantWaiting()
    {
        while (_queue.First is { } first && _held + first.Value.Bytes <= capacity)
        {
            _held += first.Value.Bytes;
            _queue.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed record Waiter(long Bytes)
    {
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Grant(InputBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }

    private sealed class NoGrant : IDisposable
    {
        public static readonly NoGrant Instance = new();

        public void Dispose()
        {
        }
    }
}
