using System.Net.Sockets;

namespace CodeInterpreter.IntegrationTests.Storage;

/// <summary>
/// A test with service nodes on the S3 store that ./test.sh starts (Swift on loopback, CODE_TEST_S3_*) and the real
/// sandbox. Skipped with a reason without them, never under CI=true, where a missing store must fail.
/// </summary>
public sealed class S3NodesFactAttribute : FactAttribute
{
    public S3NodesFactAttribute() => Skip = SandboxRequirement.SkipReason() ?? S3TestStore.SkipReason;
}

/// <summary>Service processes sharing one fresh bucket; stopped (SIGTERM) and the bucket left to the store's teardown.</summary>
internal sealed class S3Nodes : IAsyncDisposable
{
    private readonly List<ServiceProcess> _nodes = [];

    public string Bucket { get; } = "nodes-" + Guid.NewGuid().ToString("N")[..16];

    public IReadOnlyList<ServiceProcess> Nodes => _nodes;

    /// <summary>The settings of one bucket on the test store, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string> Settings(IReadOnlyDictionary<string, string>? extra = null, string? endpoint = null)
    {
        var env = new Dictionary<string, string>
        {
            ["CODE_STORAGE"] = "s3",
            ["CODE_S3_ENDPOINT"] = endpoint ?? S3TestStore.RequiredEndpoint,
            ["CODE_S3_BUCKET"] = Bucket,
            ["CODE_S3_REGION"] = S3TestStore.Region,
            ["CODE_S3_ACCESS_KEY"] = S3TestStore.AccessKey,
            ["CODE_S3_SECRET_KEY"] = S3TestStore.SecretKey,
            // Two nodes on a 2-core host: no warm pool, so neither starves the other at startup.
            ["CODE_WARM_POOL_SIZE"] = "0",
            ["CODE_METRICS_PUBLIC"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }
        return env;
    }

    public async Task<ServiceProcess> StartNodeAsync(IReadOnlyDictionary<string, string>? extra = null, string? endpoint = null)
    {
        var node = new ServiceProcess(Settings(extra, endpoint));
        _nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    public string Logs() => string.Join("\n", _nodes.Select((n, i) => $"--- node {i} ---\n{n.LogSince(0)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}

/// <summary>
/// A TCP forwarder between the nodes and the store that the test can cut (connections reset, new ones refused) and
/// restore: the store "going away" without touching the shared test store.
/// </summary>
internal sealed class CuttableLink : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    public CuttableLink(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public void Restore()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener);
    }

    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }
            _open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                var inbound = await listener.AcceptTcpClientAsync();
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target);
                lock (_open)
                {
                    _open.Add(inbound);
                    _open.Add(outbound);
                }
                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
