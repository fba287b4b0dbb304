using System.Net.Sockets;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Clients that leave from a chosen loopback address: all of 127/8 reaches the loopback interface, so each test can
/// be a client of its own, and per-address limits it provokes touch no other test.
/// </summary>
internal static class LoopbackClients
{
    public static HttpClient From(Uri baseAddress, string localAddress, string? apiKey, string? bearer = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Header values go out as UTF-8 bytes, as a hostile client may send them (HttpClient refuses non-ASCII otherwise).
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }
}

/// <summary>What the service printed, checked the way an operator reads it.</summary>
internal static class ServiceLog
{
    /// <summary>No error-level line and no stack trace: every user-caused failure is an expected 4xx, answered quietly.</summary>
    public static void AssertNoStackTrace(string log)
    {
        var lines = log.Split('\n');
        var bad = lines.Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)
            || System.Text.RegularExpressions.Regex.IsMatch(l, @"\s at [\w.`<>+]+\.[\w.`<>]+\(|\w+Exception( \(\d+\))?: ")).ToList();
        Assert.True(bad.Count == 0, $"the service logged an error or a stack trace:\n{string.Join('\n', bad.Take(20))}");
    }
}
