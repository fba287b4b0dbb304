
namespace CodeInterpreter.Sandbox;

/// <summary>
/// Host uids UidBase..UidBase+UidSlots-1, one per running job: jobs under different uids cannot signal or
/// ptrace each other, and RLIMIT_NPROC (counted per uid) only holds when no two jobs share a uid.
/// </summary>
internal sealed class UidPool : IDisposable
{
    private readonly SemaphoreSlim _available;
    private readonly Queue<int> _free = new();
    private readonly HashSet<int> _leased = [];
    private readonly Lock _lock = new();

    public UidPool(int uidBase, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(uidBase);
        for (var i = 0; i < slots; i++)
        {
            _free.Enqueue(uidBase + i);
        }
        Slots = slots;
        _available = new SemaphoreSlim(slots, slots);
    }

    public int Slots { get; }

    /// <summary>Waits for a free uid. The least recently released uid is handed out first.</summary>
    public async Task<int> AcquireAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var uid = _free.Dequeue();
            _leased.Add(uid);
            return uid;
        }
    }

    /// <summary>Returns a uid to the pool; releasing a uid that is not leased is a no-op.</summary>
    public void Release(int uid)
    {
        lock (_lock)
        {
            if (!_leased.Remove(uid))
            {
                return;
            }
            _free.Enqueue(uid);
        }
        _available.Release();
    }

    public void Dispose() => _available.Dispose();
}
