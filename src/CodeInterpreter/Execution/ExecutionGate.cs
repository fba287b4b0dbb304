using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// Admission: at most <see cref="ExecutionOptions.MaxConcurrency"/> runs at once and a bounded queue behind them.
/// A request that finds the queue full is rejected at once (the API answers 429). At shutdown the gate drains:
/// nothing new is admitted, queued requests are refused, and <see cref="Aborted"/> tells running ones to stop.
/// </summary>
public sealed class ExecutionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLimit;
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _aborted = new();
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

    /// <summary>True once shutdown began: <see cref="TryEnterAsync"/> admits nothing more.</summary>
    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Cancelled when running executions must stop (the shutdown deadline passed).</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>A slot, or null when the queue is full or the gate drains. Cancelling while queued throws.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (IsDraining)
        {
            return null;
        }
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
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _draining.Token);
            await _slots.WaitAsync(wait.Token).ConfigureAwait(false);
            return new Lease(_slots);
        }
        catch (OperationCanceledException) when (IsDraining && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// A slot for a run that was admitted before and is paused (programmatic tool calling): it waits like a queued
    /// request but the queue limit never turns it away. Null when the gate drains; cancelling while waiting throws.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (IsDraining)
        {
            return null;
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _draining.Token);
            await _slots.WaitAsync(wait.Token).ConfigureAwait(false);
            return new Lease(_slots);
        }
        catch (OperationCanceledException) when (IsDraining && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Stops admitting: new and queued requests get null from <see cref="TryEnterAsync"/>.</summary>
    public void BeginDrain() => _draining.Cancel();

    /// <summary>Tells running executions to stop now (their sandboxes are killed and cleaned up).</summary>
    public void Abort() => _aborted.Cancel();

    /// <summary>Waits until no execution holds a slot; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (Running > 0)
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    public void Dispose()
    {
        _slots.Dispose();
        _draining.Dispose();
        _aborted.Dispose();
    }

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
