using System.Text;
using System.Threading.Channels;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Channels;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Fakes;

/// <summary>A live run that ends when the test says so; counts pauses and resumes; always "asleep" between calls.</summary>
internal sealed class FakeLiveRun : ILiveRun
{
    private readonly TaskCompletionSource<SandboxResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<SandboxResult> Completion => _done.Task;
    public TimeSpan Used => TimeSpan.Zero;
    public int Pauses { get; private set; }
    public int Resumes { get; private set; }
    public bool Frozen { get; private set; }
    public bool Disposed { get; private set; }

    public void Pause()
    {
        Pauses++;
        Frozen = true;
    }

    public void Resume()
    {
        Resumes++;
        Frozen = false;
    }

    public bool IsQuiescent() => true;

    public void Kill() => _done.TrySetResult(new SandboxResult { ExitCode = 137, Signal = "SIGKILL", Cancelled = true, Stdout = [], Stderr = [], Output = [] });

    public void Exit(int code = 0, string stdout = "") =>
        _done.TrySetResult(new SandboxResult { ExitCode = code, Stdout = Encoding.UTF8.GetBytes(stdout), Stderr = [], Output = [] });

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        Kill();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The program's side of a channel: <see cref="SendAsync"/> plays one line a sandbox process writes.</summary>
internal sealed class FakeChannel : ISandboxChannel
{
    private readonly Channel<ChannelMessage> _messages = Channel.CreateUnbounded<ChannelMessage>();

    public bool Disposed { get; private set; }

    /// <summary>Sends a line and returns the service's answer (the task completes when it answers).</summary>
    public Task<string> SendAsync(string line)
    {
        var answered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _messages.Writer.TryWrite(new ChannelMessage(Encoding.UTF8.GetBytes(line), reply =>
        {
            answered.TrySetResult(Encoding.UTF8.GetString(reply.Span));
            return Task.CompletedTask;
        }));
        return answered.Task;
    }

    public async ValueTask<ChannelMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _messages.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public bool TryRead(out ChannelMessage? message) => _messages.Reader.TryRead(out message);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _messages.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A <see cref="DirectoryJob"/> that can open a channel and start a live run (both fakes the test drives).</summary>
internal sealed class LiveJob : ISandboxJob
{
    private readonly DirectoryJob _inner = new();

    public FakeChannel Channel { get; } = new();
    public FakeLiveRun Run { get; } = new();
    public SandboxCommand? Command { get; private set; }
    public bool Disposed { get; private set; }

    public string WorkDir => _inner.WorkDir;
    public string CodeDir => _inner.CodeDir;

    public Task WriteWorkFileAsync(string relativePath, Stream content, CancellationToken cancellationToken) =>
        _inner.WriteWorkFileAsync(relativePath, content, cancellationToken);

    public Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken) => _inner.RunAsync(command, cancellationToken);

    public Task<IPendingRun> StartAsync(SandboxCommand command, CancellationToken cancellationToken) => _inner.StartAsync(command, cancellationToken);

    public WorkDirScan ScanWorkDir(ScanLimits limits) => _inner.ScanWorkDir(limits);

    public Stream OpenWorkFile(string relativePath) => _inner.OpenWorkFile(relativePath);

    public ISandboxChannel OpenChannel(ChannelLimits limits) => Channel;

    public Task<ILiveRun> StartLiveAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        Command = command;
        return Task.FromResult<ILiveRun>(Run);
    }

    public async ValueTask DisposeAsync()
    {
        Disposed = true;
        await Channel.DisposeAsync();
        await _inner.DisposeAsync();
    }
}

internal sealed class LiveSandbox : ISandbox
{
    public List<LiveJob> Jobs { get; } = [];

    public SandboxStatus Status { get; } = new(true, "fake", "fake", true, 1, []);

    public Task<ISandboxJob> CreateJobAsync(SandboxLimits limits, CancellationToken cancellationToken)
    {
        var job = new LiveJob();
        lock (Jobs)
        {
            Jobs.Add(job);
        }
        return Task.FromResult<ISandboxJob>(job);
    }
}

/// <summary>State objects in memory; <see cref="Shared"/> plays a multi-node store (leases are taken).</summary>
internal sealed class InMemoryStateStore(TimeProvider? time = null) : IStateStore
{
    private readonly Dictionary<string, (byte[] Bytes, DateTimeOffset Written)> _objects = new(StringComparer.Ordinal);

    public bool Shared { get; init; }
    public bool IsShared => Shared;
    public int Puts { get; private set; }
    public bool Failing { get; set; }

    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_objects)
            {
                return [.. _objects.Keys];
            }
        }
    }

    public void Touch(string key, DateTimeOffset written)
    {
        lock (_objects)
        {
            _objects[key] = (_objects[key].Bytes, written);
        }
    }

    public async Task<StateEntry> PutStateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        lock (_objects)
        {
            _objects[key] = (buffer.ToArray(), now);
            Puts++;
        }
        return new StateEntry(key, buffer.Length, now);
    }

    public Task<StateObject?> OpenStateAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        lock (_objects)
        {
            return Task.FromResult(_objects.TryGetValue(key, out var o)
                ? new StateObject(new StateEntry(key, o.Bytes.Length, o.Written), new MemoryStream(o.Bytes))
                : null);
        }
    }

    public Task<IReadOnlyList<StateEntry>> ListStateAsync(string folder, CancellationToken cancellationToken)
    {
        lock (_objects)
        {
            return Task.FromResult<IReadOnlyList<StateEntry>>([.. _objects.Where(o => o.Key.StartsWith(folder + "/", StringComparison.Ordinal))
                .Select(o => new StateEntry(o.Key, o.Value.Bytes.Length, o.Value.Written))]);
        }
    }

    public Task<bool> DeleteStateAsync(string key, CancellationToken cancellationToken)
    {
        lock (_objects)
        {
            return Task.FromResult(_objects.Remove(key));
        }
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new StorageUnavailableException("the test store is down");
        }
    }
}

/// <summary>A clock the test drives: timestamps and timers move only on <see cref="Advance"/>.</summary>
internal sealed class SteppedTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<SteppedTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public int ActiveTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => !t.Disposed);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(callback, state, GetTimestamp() + dueTime.Ticks);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        var now = Interlocked.Add(ref _ticks, delta.Ticks);
        List<SteppedTimer> due;
        lock (_lock)
        {
            due = [.. _timers.Where(t => !t.Disposed && t.DueAt <= now)];
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class SteppedTimer(TimerCallback callback, object? state, long dueAt) : ITimer
    {
        public long DueAt { get; } = dueAt;
        public bool Disposed { get; private set; }

        public void Fire()
        {
            Disposed = true;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
