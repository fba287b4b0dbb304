namespace CodeInterpreter.Sandbox.Channels;

/// <summary>
/// A request/reply channel from code inside one job to the service: a Unix socket that only that job can reach,
/// bound read-only at <see cref="SandboxPaths.Channel"/>. Each line a sandbox process writes is one message; the
/// service answers it with one line on the same connection, then the process may send the next. The channel knows
/// nothing of what the lines mean.
/// </summary>
public interface ISandboxChannel : IAsyncDisposable
{
    /// <summary>The next message, in arrival order; completes when the channel is disposed.</summary>
    ValueTask<ChannelMessage?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>A message that already arrived, without waiting; false when none is queued.</summary>
    bool TryRead(out ChannelMessage? message);
}

/// <summary>Caps that keep a hostile program from turning the channel into a memory or descriptor sink.</summary>
/// <param name="MaxMessageBytes">a longer line ends its connection.</param>
/// <param name="MaxConnections">connections open at once; more are closed as they arrive.</param>
public sealed record ChannelLimits(int MaxMessageBytes, int MaxConnections);

/// <summary>One line from the sandbox, and the way to answer it.</summary>
public sealed class ChannelMessage(byte[] payload, Func<ReadOnlyMemory<byte>, Task> reply)
{
    private int _answered;

    public byte[] Payload { get; } = payload;

    /// <summary>Writes one line back on the message's connection (once; a newline is added). Never throws.</summary>
    public Task ReplyAsync(ReadOnlyMemory<byte> line) =>
        Interlocked.Exchange(ref _answered, 1) == 0 ? reply(line) : Task.CompletedTask;
}
