using System.Net.Sockets;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Host-side sockets a sandboxed program will try to reach: unix sockets (an abstract one, scoped to the network
/// namespace, and one in the host's /tmp), TCP listeners on the host's IPv4 and IPv6 loopback and a UDP socket on
/// its IPv4 loopback. It counts every connection and datagram that arrives: the host's own view of whether anything
/// got out, whatever the program reports. There must be none.
/// </summary>
public sealed class HostSockets : IDisposable
{
    private readonly Socket _abstract = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Socket _file = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Socket _tcp4 = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _tcp6 = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;
    private int _datagrams;

    public string AbstractName { get; } = "ci-hostile-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string FilePath { get; } = $"/tmp/ci-hostile-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.sock";

    public int TcpPort => ((IPEndPoint)_tcp4.LocalEndPoint!).Port;

    public int Tcp6Port => ((IPEndPoint)_tcp6.LocalEndPoint!).Port;

    public int UdpPort => ((IPEndPoint)_udp.LocalEndPoint!).Port;

    /// <summary>Connections accepted on any of the stream sockets (unix and TCP).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Datagrams that reached the UDP socket.</summary>
    public int DatagramsReceived => Volatile.Read(ref _datagrams);

    public void Start()
    {
        Listen(_abstract, new UnixDomainSocketEndPoint("\0" + AbstractName));
        Listen(_file, new UnixDomainSocketEndPoint(FilePath));
        // World-connectable, so only the namespaces stand between the sandbox and this socket.
        File.SetUnixFileMode(FilePath, (UnixFileMode)0x1FF);
        Listen(_tcp4, new IPEndPoint(IPAddress.Loopback, 0));
        Listen(_tcp6, new IPEndPoint(IPAddress.IPv6Loopback, 0));
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await _udp.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    Interlocked.Increment(ref _datagrams);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    private void Listen(Socket socket, EndPoint endPoint)
    {
        socket.Bind(endPoint);
        socket.Listen();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var connection = await socket.AcceptAsync(_stop.Token);
                    Interlocked.Increment(ref _accepted);
                    await connection.SendAsync("host secret\n"u8.ToArray(), SocketFlags.None);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _abstract.Dispose();
        _file.Dispose();
        _tcp4.Dispose();
        _tcp6.Dispose();
        _udp.Dispose();
        File.Delete(FilePath);
        _stop.Dispose();
    }
}
