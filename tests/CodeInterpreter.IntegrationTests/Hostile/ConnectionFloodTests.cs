using System.Diagnostics;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Holding idle connections without a key, the attack that used to use up the service's file descriptors until
/// the runtime aborted. Against an instance with low limits (<see cref="ClientAddressFixture"/>): 40 connections in
/// all, 8 per address, idle ones closed after 3 s; at most 5 (40 / 8) are being answered 503 at any moment. The host
/// sees a few more sockets for a moment: those the service is closing (refused at once, or over Kestrel's limit).
/// </summary>
[Collection(ClientAddressCollection.Name)]
public sealed class ConnectionFloodTests(ClientAddressFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const int RefusalSlots = ClientAddressFixture.MaxConnections / 8;
    private const int Closing = 16;
    private static readonly Dictionary<string, int> s_targets = new()
    {
        // Hundreds from one address, and many from several.
        ["127.0.0.2"] = 300, ["127.0.0.3"] = 60, ["127.0.0.4"] = 60, ["127.0.0.5"] = 60,
    };
    private static readonly string[] s_attackers = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];

    [SandboxFact]
    public async Task IdleConnectionFlood_FromOneAndSeveralAddresses_StaysBounded_AndKeyedRunsWorkDuringAndAfter()
    {
        var pid = Service.ProcessId;
        // A first run loads what runs need (assemblies stay open as descriptors): the baseline is a warmed-up service.
        (await Client.ExecAsync("bash", "echo warm")).AssertRan("warm\n");
        var baseline = HostSocketsOf.OpenDescriptors(pid);
        using var flood = new IdleConnectionFlood(Service.Port, s_targets);
        var (maxFds, maxPerAddress, maxTotal, maxHeldByAttackers) = (0, 0, 0, 0);
        void Sample()
        {
            var accepted = HostSocketsOf.AcceptedByAddress(pid, Service.Port);
            maxFds = Math.Max(maxFds, HostSocketsOf.OpenDescriptors(pid));
            maxPerAddress = Math.Max(maxPerAddress, accepted.Where(a => s_attackers.Contains(a.Key)).Select(a => a.Value).DefaultIfEmpty().Max());
            maxTotal = Math.Max(maxTotal, accepted.Values.Sum());
            maxHeldByAttackers = Math.Max(maxHeldByAttackers, accepted.Where(a => s_attackers.Contains(a.Key)).Sum(a => a.Value));
        }

        flood.Start();
        var attack = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                Sample();
                await Task.Delay(50);
            }
        });
        // Wait on state: the attackers made at least as many connections as they want to hold, and hold some.
        await WaitUntilAsync(() => flood.Opened >= s_targets.Values.Sum()
            && maxHeldByAttackers >= s_attackers.Length * ClientAddressFixture.MaxConnectionsPerAddress / 2, "the attackers never held connections");
        (await Client.ExecAsync("bash", "echo during the flood")).AssertRan("during the flood\n");
        Assert.True(Process.GetProcessById(pid) is { HasExited: false }, "the service died under the flood");
        await sampling.CancelAsync();
        await sampler;
        await flood.StopAsync();
        Output.WriteLine($"{attack.Elapsed.TotalSeconds:0.0} s of attack: {flood.Opened} connections opened, {flood.ConnectFailures} refused at connect, "
            + $"{flood.Answered200} answered 200, {flood.Answered503} answered 503; the service held at most {maxTotal} connections "
            + $"({maxPerAddress} from one attacker address) and {maxFds} descriptors (baseline {baseline})");

        Assert.True(maxPerAddress <= ClientAddressFixture.MaxConnectionsPerAddress + RefusalSlots + Closing, $"{maxPerAddress} connections from one address");
        Assert.True(maxTotal <= ClientAddressFixture.MaxConnections + RefusalSlots + Closing, $"{maxTotal} connections in all");
        // The connections, and what a run needs while they are held.
        Assert.True(maxFds <= baseline + ClientAddressFixture.MaxConnections + RefusalSlots + Closing + 64, $"{maxFds} descriptors, {baseline} before the attack");

        // Idle connections are closed after the keep-alive timeout, and nothing is left behind.
        await WaitUntilAsync(() => flood.Sweep() == 0, "the server kept idle connections past the keep-alive timeout");
        await WaitUntilAsync(() => HostSocketsOf.AcceptedByAddress(pid, Service.Port).Keys.Intersect(s_attackers).Any() is false,
            "the service still holds attacker connections");
        await WaitUntilAsync(() => HostSocketsOf.OpenDescriptors(pid) <= baseline + 16, "descriptors were left open after the flood");
        (await Client.ExecAsync("bash", "echo after the flood")).AssertRan("after the flood\n");
    }

    [Fact]
    public async Task OverThePerAddressLimit_TheNextConnectionIsAnswered503AndClosed()
    {
        var held = new List<RawHttpFrom>();
        try
        {
            for (var i = 0; i < ClientAddressFixture.MaxConnectionsPerAddress; i++)
            {
                var connection = await RawHttpFrom.ConnectAsync("127.0.0.6", Service.Port);
                held.Add(connection);
                await connection.SendAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                Assert.StartsWith("HTTP/1.1 200", await connection.ReadResponseAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
            }

            using var over = await RawHttpFrom.ConnectAsync("127.0.0.6", Service.Port);
            await over.SendAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            var (text, closed) = await over.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

            Output.WriteLine(text);
            Assert.StartsWith("HTTP/1.1 503", text, StringComparison.Ordinal);
            Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("{\"error\":\"Too many connections\"", text, StringComparison.Ordinal);
            Assert.True(closed, "the refused connection was kept open");
            // Another address is not affected.
            using var other = LoopbackClients.From(Service.BaseAddress, "127.0.0.7", Service.Keys[0]);
            (await other.GetJsonAsync("files/aaaaaaaaaaaaaaaaaaaaa")).AsArray();
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task ConnectionThatNeverSendsARequest_IsClosedAfterTheKeepAliveTimeout()
    {
        using var idle = await RawHttpFrom.ConnectAsync("127.0.0.8", Service.Port);

        var (text, closed) = await idle.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));

        Assert.True(closed, "an idle connection without a request was kept for 30 s");
        Assert.Equal("", text);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), failure);
            await Task.Delay(100);
        }
    }
}

/// <summary>A bare HTTP/1.1 connection from a chosen loopback address.</summary>
internal sealed class RawHttpFrom : IDisposable
{
    private readonly System.Net.Sockets.Socket _socket;

    private RawHttpFrom(System.Net.Sockets.Socket socket) => _socket = socket;

    public static async Task<RawHttpFrom> ConnectAsync(string localAddress, int port)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new RawHttpFrom(socket);
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>One response: its head and, when it says Content-Length, its body.</summary>
    public async Task<string> ReadResponseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await _socket.ReceiveAsync(buffer, cts.Token);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (read == 0 || (end >= 0 && all.Length >= end + 4 + ContentLength(all[..end])))
            {
                return all;
            }
        }
    }

    /// <summary>Everything until the server closes (true) or the timeout passes (false).</summary>
    public async Task<(string Text, bool Closed)> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return (text.ToString(), true);
        }
        catch (OperationCanceledException)
        {
            return (text.ToString(), false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return (text.ToString(), true);
        }
    }

    private static int ContentLength(string head) =>
        head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
            ? int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    public void Dispose() => _socket.Dispose();
}
