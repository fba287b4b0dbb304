using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Channels;

/// <summary>
/// The listening Unix socket of one job, in a root-owned directory of the job dir, owned by the job's uid with mode
/// 0600: no other uid on the host can connect, and no other sandbox sees the directory (it is bound into this job's
/// mount namespace only). Lines are read up to a cap; each connection has at most one message awaiting its reply.
/// </summary>
internal sealed class SandboxChannel : ISandboxChannel
{
    public const string SocketName = "sock";
    private static readonly byte[] s_newline = "\n"u8.ToArray();

    private readonly Socket _listener;
    private readonly ChannelLimits _limits;
    private readonly Channel<ChannelMessage> _messages = Channel.CreateUnbounded<ChannelMessage>(new() { SingleReader = false });
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly Task _accepting;
    private int _disposed;

    private SandboxChannel(Socket listener, ChannelLimits limits)
    {
        _listener = listener;
        _limits = limits;
        _accepting = AcceptAsync();
    }

    /// <summary>Creates the socket in <paramref name="dir"/> (root-owned, created by the job) for <paramref name="uid"/>.</summary>
    public static SandboxChannel Open(string dir, int uid, ChannelLimits limits)
    {
        var path = Path.Combine(dir, SocketName);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            // connect() needs write permission on the socket file: only the job's uid has it.
            UnixModes.Set(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (Libc.LChown(path, (uint)uid, (uint)uid) != 0)
            {
                throw new IOException($"chown of the channel socket failed: {Libc.ErrorText(Libc.LastError)}");
            }
            listener.Listen(limits.MaxConnections);
            return new SandboxChannel(listener, limits);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public ValueTask<ChannelMessage?> ReadAsync(CancellationToken cancellationToken) => ReadOrNullAsync(cancellationToken);

    public bool TryRead(out ChannelMessage? message) => _messages.Reader.TryRead(out message);

    private async ValueTask<ChannelMessage?> ReadOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _messages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_closed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_closed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_connections.Count >= _limits.MaxConnections)
            {
                // A connection flood gets nothing but closed sockets; the ones already open keep working.
                client.Dispose();
                continue;
            }
            _connections[client] = 0;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var buffer = new byte[16 * 1024];
            using var line = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, _closed.Token).ConfigureAwait(false)) > 0)
            {
                var rest = buffer.AsMemory(0, read);
                for (var end = rest.Span.IndexOf((byte)'\n'); end >= 0; end = rest.Span.IndexOf((byte)'\n'))
                {
                    if (!Append(line, rest[..end].Span))
                    {
                        return;
                    }
                    var reply = await ExchangeAsync(line.ToArray()).ConfigureAwait(false);
                    line.SetLength(0);
                    await stream.WriteAsync(reply, _closed.Token).ConfigureAwait(false);
                    await stream.WriteAsync(s_newline, _closed.Token).ConfigureAwait(false);
                    rest = rest[(end + 1)..];
                }
                if (!Append(line, rest.Span))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The process went away, or the channel closed: nothing to answer.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }

    /// <summary>Hands one line to the reader and waits for its answer.</summary>
    private async Task<ReadOnlyMemory<byte>> ExchangeAsync(byte[] payload)
    {
        var answered = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new ChannelMessage(payload, reply =>
        {
            answered.TrySetResult(reply);
            return Task.CompletedTask;
        });
        await _messages.Writer.WriteAsync(message, _closed.Token).ConfigureAwait(false);
        return await answered.Task.WaitAsync(_closed.Token).ConfigureAwait(false);
    }

    private bool Append(MemoryStream line, ReadOnlySpan<byte> bytes)
    {
        if (line.Length + bytes.Length > _limits.MaxMessageBytes)
        {
            // An over-long line ends its connection: the sender sees EOF instead of an answer.
            return false;
        }
        line.Write(bytes);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _closed.CancelAsync().ConfigureAwait(false);
        _messages.Writer.TryComplete();
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
        await _accepting.ConfigureAwait(false);
        _closed.Dispose();
    }
}
