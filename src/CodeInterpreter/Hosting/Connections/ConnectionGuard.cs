using System.Buffers;
using System.Net;
using System.Text;
using CodeInterpreter.Http;
using Microsoft.AspNetCore.Connections;

namespace CodeInterpreter.Hosting.Connections;

/// <summary>
/// Kestrel connection middleware: admits a connection while fewer than <see cref="DescriptorBudget.MaxConnections"/>
/// are open in all and fewer than <c>CODE_MAX_CONNECTIONS_PER_ADDRESS</c> from its address (IPv6: its /64; trusted
/// proxies are exempt, they speak for many clients). Any other connection reads its request head (at most a second),
/// gets a minimal <c>503 {"error":"Too many connections"}</c> with <c>Connection: close</c>, and is closed. At most
/// <see cref="DescriptorBudget.RefusalSlots"/> are answered at once; beyond that a connection is closed at once.
/// </summary>
internal sealed class ConnectionGuard(DescriptorBudget budget, int perAddress, IReadOnlyList<IPNetwork> trustedProxies, ConnectionLog log)
{
    private static readonly TimeSpan s_refusalGrace = TimeSpan.FromSeconds(1);
    private const int MaxHeadBytes = 16 * 1024;
    private static readonly byte[] s_reply = Reply();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private int _open;
    private int _refusing;

    /// <summary>Connections admitted and still open.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => HandleAsync(connection, next);

    private async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var key = PerAddressKey(address);
        if (Admit(key) is { } refusal)
        {
            log.Refused(refusal, AddressKey.Of(address));
            await RefuseAsync(connection);
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Release(key);
        }
    }

    /// <summary>The per-address counting key, or null when this address is not limited (a trusted proxy, or no limit set).</summary>
    private string? PerAddressKey(IPAddress? address)
    {
        if (perAddress <= 0 || address is null)
        {
            return null;
        }
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return trustedProxies.Any(p => p.Contains(plain)) ? null : AddressKey.Of(plain);
    }

    /// <summary>Null when admitted, else why not.</summary>
    private string? Admit(string? key)
    {
        lock (_lock)
        {
            if (_open >= budget.MaxConnections)
            {
                return "the service's connection limit";
            }
            if (key is not null)
            {
                var count = _byAddress.GetValueOrDefault(key);
                if (count >= perAddress)
                {
                    return "the per-address connection limit";
                }
                _byAddress[key] = count + 1;
            }
            _open++;
            return null;
        }
    }

    private void Release(string? key)
    {
        lock (_lock)
        {
            _open--;
            if (key is not null && _byAddress.TryGetValue(key, out var count))
            {
                if (count <= 1)
                {
                    _byAddress.Remove(key);
                }
                else
                {
                    _byAddress[key] = count - 1;
                }
            }
        }
    }

    /// <summary>
    /// The request head is read before the answer and the input drained after it, so that closing does not reset
    /// the connection under a reply the client has not read yet.
    /// </summary>
    private async Task RefuseAsync(ConnectionContext connection)
    {
        if (Interlocked.Increment(ref _refusing) > budget.RefusalSlots)
        {
            Interlocked.Decrement(ref _refusing);
            connection.Abort();
            return;
        }
        try
        {
            using var grace = new CancellationTokenSource(s_refusalGrace);
            if (await ReadHeadAsync(connection.Transport.Input, grace.Token))
            {
                await connection.Transport.Output.WriteAsync(s_reply, grace.Token);
                await DrainAsync(connection.Transport.Input, grace.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or InvalidOperationException
            or ObjectDisposedException)
        {
            // The client went away or took too long: it is closed either way.
        }
        finally
        {
            Interlocked.Decrement(ref _refusing);
        }
    }

    /// <summary>True once a whole request head has arrived; false when the client closed or sent too much first.</summary>
    private static async Task<bool> ReadHeadAsync(System.IO.Pipelines.PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var end = new SequenceReader<byte>(buffer).TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8);
            if (end || result.IsCompleted || buffer.Length > MaxHeadBytes)
            {
                input.AdvanceTo(buffer.End);
                return end;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task DrainAsync(System.IO.Pipelines.PipeReader input, CancellationToken cancellationToken)
    {
        long drained = 0;
        while (drained < MaxHeadBytes * 4)
        {
            var result = await input.ReadAsync(cancellationToken);
            drained += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static byte[] Reply()
    {
        const string body = """{"error":"Too many connections","message":"the service holds as many connections as it allows; retry shortly"}""";
        return Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
            + $"Content-Length: {body.Length}\r\n\r\n{body}");
    }
}
