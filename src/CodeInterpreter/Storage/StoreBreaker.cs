namespace CodeInterpreter.Storage;

/// <summary>
/// Fails requests fast while a remote store is down: after <see cref="Threshold"/> consecutive failures, calls
/// are refused without a network round trip for <see cref="OpenFor"/>; then one call goes through again, and any
/// success closes the breaker.
/// </summary>
internal sealed class StoreBreaker(TimeProvider time)
{
    public const int Threshold = 2;
    public static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private string _reason = "";

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return time.GetUtcNow() < _openUntil;
            }
        }
    }

    /// <summary>Why the last call failed (meaningful while <see cref="IsOpen"/>).</summary>
    public string Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    public void ThrowIfOpen()
    {
        lock (_lock)
        {
            if (time.GetUtcNow() < _openUntil)
            {
                throw new StorageUnavailableException(_reason);
            }
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
            _openUntil = DateTimeOffset.MinValue;
        }
    }

    public void Failed(string reason)
    {
        lock (_lock)
        {
            _reason = reason;
            if (++_failures >= Threshold)
            {
                _openUntil = time.GetUtcNow() + OpenFor;
            }
        }
    }
}
