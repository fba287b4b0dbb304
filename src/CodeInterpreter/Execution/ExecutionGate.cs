using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// Admission: at most <see cref="ExecutionOptions.MaxConcurrency"/> runs at once and a bounded queue behind them.
/// A request that finds the queue full is rejected at once (the API answers 429).
/// </summary>
public sealed class ExecutionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLimit;
    private int _waiting;

    public ExecutionGate(IOptions<ExecutionOptions> options)
    {
        Capacity = options.Value.MaxConcurrency;
        _slots = new SemaphoreSlim(Capacity, Capacity);
        _queueLimit = options.Value.QueueLimit;
    }

    public int Capacity { get; }
    public int Running => Capacity - _slots.CurrentCount;
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>A slot, or null when the queue is full. Cancelling while queued throws.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return new Lease(_slots);
        }
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            return null;
        }
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Lease(_slots);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
