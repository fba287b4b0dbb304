using System.Net.Sockets;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Host-side unix sockets a sandboxed program will try to reach: an abstract one (scoped to the network
/// namespace) and one in the host's /tmp. Counts every connection it accepts; there must be none.
/// </summary>
public sealed class HostSockets : IDisposable
{
    private readonly Socket _abstract = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Socket _file = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public string AbstractName { get; } = "ci-hostile-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string FilePath { get; } = $"/tmp/ci-hostile-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.sock";

    public int Accepted => Volatile.Read(ref _accepted);

    public void Start()
    {
        Listen(_abstract, new UnixDomainSocketEndPoint("\0" + AbstractName));
        Listen(_file, new UnixDomainSocketEndPoint(FilePath));
        // World-connectable, so only the namespaces stand between the sandbox and this socket.
        File.SetUnixFileMode(FilePath, (UnixFileMode)0x1FF);
    }

    private void Listen(Socket socket, UnixDomainSocketEndPoint endPoint)
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
        File.Delete(FilePath);
        _stop.Dispose();
    }
}
