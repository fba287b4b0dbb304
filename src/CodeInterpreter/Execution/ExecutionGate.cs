using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// Admission: at most <see cref="ExecutionOptions.MaxConcurrency"/> runs at once, at most
/// <see cref="ExecutionOptions.InputBudgetMb"/> of input files in their work dirs at once (see <see cref="InputBudget"/>),
/// and a bounded queue behind them. A request that finds the queue full is rejected at once (the API answers 429). At
/// shutdown the gate drains: nothing new is admitted, queued requests are refused, and <see cref="Aborted"/> tells
/// running ones to stop.
/// </summary>
public sealed class ExecutionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly InputBudget _inputs;
    private readonly int _queueLimit;
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _aborted = new();
    private int _waiting;

    public ExecutionGate(IOptions<ExecutionOptions> options)
    {
        Capacity = options.Value.MaxConcurrency;
        _slots = new SemaphoreSlim(Capacity, Capacity);
        _queueLimit = options.Value.QueueLimit;
        _inputs = new InputBudget(options.Value.InputBudgetMb * 1024L * 1024L);
    }

    public int Capacity { get; }
    public int Running => Capacity - _slots.CurrentCount;
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Bytes of input files that admitted executions may hold in their work dirs now.</summary>
    public long InputBytesHeld => _inputs.Held;

    /// <summary>True once shutdown began: <see cref="TryEnterAsync(long, CancellationToken)"/> admits nothing more.</summary>
    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Cancelled when running executions must stop (the shutdown deadline passed).</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>A slot, or null when the queue is full or the gate drains. Cancelling while queued throws.</summary>
    public Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken) => TryEnterAsync(0, cancellationToken);

    /// <summary>
    /// A slot and <paramref name="inputBytes"/> of the input budget (the budget first: a request waiting for it holds
    /// no slot), or null when the queue is full or the gate drains. Cancelling while queued throws.
    /// </summary>
    public async Task<IDisposable?> TryEnterAsync(long inputBytes, CancellationToken cancellationToken)
    {
        if (IsDraining)
        {
            return null;
        }
        // A run with more than the whole budget (inputs plus a restored workspace) takes all of it.
        inputBytes = Math.Min(inputBytes, _inputs.Capacity);
        var inputs = _inputs.TryTake(inputBytes);
        if (inputs is not null && _slots.Wait(0, CancellationToken.None))
        {
            return new Lease(_slots, inputs);
        }
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            inputs?.Dispose();
            return null;
        }
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _draining.Token);
            inputs ??= await _inputs.TakeAsync(inputBytes, wait.Token).ConfigureAwait(false);
            await _slots.WaitAsync(wait.Token).ConfigureAwait(false);
            return new Lease(_slots, inputs);
        }
        catch (OperationCanceledException) when (IsDraining && !cancellationToken.IsCancellationRequested)
        {
            inputs?.Dispose();
            return null;
        }
        catch
        {
            inputs?.Dispose();
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// A slot for a run that was admitted before and is paused (programmatic tool calling): it waits like a queued
    /// request but the queue limit never turns it away, and it takes no input budget (the run holds its own, see
    /// <see cref="TakeInputsAsync"/>). Null when the gate drains; cancelling while waiting throws.
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
            return new Lease(_slots, NoInputs.Instance);
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
    /// Input budget held apart from any slot, for a run whose inputs stay in its work dir while it holds no slot
    /// (a paused programmatic run). Waits until the bytes fit; null when the gate drains.
    /// </summary>
    public async Task<IDisposable?> TakeInputsAsync(long inputBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _draining.Token);
            return await _inputs.TakeAsync(Math.Min(inputBytes, _inputs.Capacity), wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsDraining && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Stops admitting: new and queued requests get null from <see cref="TryEnterAsync(long, CancellationToken)"/>.</summary>
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

    private sealed class NoInputs : IDisposable
    {
        public static NoInputs Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    private sealed class Lease(SemaphoreSlim slots, IDisposable inputs) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
                inputs.Dispose();
            }
        }
    }
}
