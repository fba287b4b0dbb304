namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// A wall-clock budget that counts only while the run is not paused: <see cref="Pause"/> stops the count (and the
/// timer), <see cref="Resume"/> goes on with what was left. <paramref name="expired"/> runs once, when the budget is
/// used up while running.
/// </summary>
internal sealed class RunClock(TimeProvider time, TimeSpan budget, Action expired) : IDisposable
{
    private readonly Lock _lock = new();
    private TimeSpan _used;
    private long _runningSince;
    private ITimer? _timer;
    private bool _running;
    private bool _disposed;

    /// <summary>Time counted so far (running time only).</summary>
    public TimeSpan Used
    {
        get
        {
            lock (_lock)
            {
                return _running ? _used + time.GetElapsedTime(_runningSince) : _used;
            }
        }
    }

    public TimeSpan Remaining => budget - Used > TimeSpan.Zero ? budget - Used : TimeSpan.Zero;

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Starts (or restarts after a pause) the count and the timer for what is left.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (_running || _disposed)
            {
                return;
            }
            _running = true;
            _runningSince = time.GetTimestamp();
            var left = budget - _used;
            _timer = time.CreateTimer(_ => expired(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the count; the time used so far is kept.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }
            _running = false;
            _used += time.GetElapsedTime(_runningSince);
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
        Pause();
    }
}
