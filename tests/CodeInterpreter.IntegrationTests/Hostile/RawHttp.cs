using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>HTTP/1.1 over a bare socket, for clients no well-behaved library would be: lying lengths, trickles, huge bodies.</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _tcp;

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    public static async Task<RawHttp> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawHttp(tcp);
    }

    public Task SendAsync(string text) => Stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public Task SendAsync(byte[] bytes) => Stream.WriteAsync(bytes).AsTask();

    /// <summary>Everything the server sends until it closes the connection or <paramref name="timeout"/> passes.</summary>
    public async Task<(string Text, bool Closed, TimeSpan Elapsed)> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            return (text.ToString(), true, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            return (text.ToString(), false, clock.Elapsed);
        }
        catch (IOException)
        {
            return (text.ToString(), true, clock.Elapsed);
        }
    }

    /// <summary>Reads until a complete response head and its JSON body (or close); enough for small error replies.</summary>
    public async Task<string> ReadResponseAsync(TimeSpan timeout)
    {
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        using var cts = new CancellationTokenSource(timeout);
        while (!cts.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await Stream.ReadAsync(buffer, cts.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                break;
            }
            if (read == 0)
            {
                break;
            }
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var all = text.ToString();
            if (all.Contains("\r\n\r\n", StringComparison.Ordinal) && (all.TrimEnd().EndsWith('}') || all.EndsWith("0\r\n\r\n", StringComparison.Ordinal)))
            {
                break;
            }
        }
        return text.ToString();
    }

    public void Dispose()
    {
        Stream.Dispose();
        _tcp.Dispose();
    }
}
