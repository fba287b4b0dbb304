using System.Net.Sockets;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// An attacker without a key that holds idle keep-alive connections: from each of its loopback addresses it keeps
/// opening connections (one <c>GET /health</c> each, never another request) until it holds its target number, and
/// replaces every connection the server closes, until stopped.
/// </summary>
internal sealed class IdleConnectionFlood(int port, IReadOnlyDictionary<string, int> targets) : IDisposable
{
    private const int NewPerRound = 25;
    private static readonly byte[] s_request = Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    private readonly Dictionary<string, List<Held>> _sockets = targets.Keys.ToDictionary(a => a, _ => new List<Held>());
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public int Opened { get; private set; }

    /// <summary>Connects the kernel or the server refused (a full backlog, a reset): any way of refusing will do.</summary>
    public int ConnectFailures { get; private set; }

    public int Answered200 { get; private set; }

    public int Answered503 { get; private set; }

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Stops opening connections; the ones held stay open for the server to close.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    /// <summary>Reads what arrived and drops the connections the server closed; the number still open.</summary>
    public int Sweep()
    {
        lock (_sockets)
        {
            foreach (var list in _sockets.Values)
            {
                list.RemoveAll(held => !held.StillOpen(this));
            }
            return _sockets.Values.Sum(l => l.Count);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sweep();
            foreach (var (address, target) in targets)
            {
                int missing;
                lock (_sockets)
                {
                    missing = Math.Min(NewPerRound, target - _sockets[address].Count);
                }
                for (var i = 0; i < missing && !_stop.IsCancellationRequested; i++)
                {
                    if (await OpenAsync(address) is { } held)
                    {
                        lock (_sockets)
                        {
                            _sockets[address].Add(held);
                        }
                    }
                }
            }
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<Held?> OpenAsync(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            await socket.SendAsync(s_request, SocketFlags.None, timeout.Token);
            Opened++;
            return new Held(socket);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            ConnectFailures++;
            socket.Dispose();
            return null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        lock (_sockets)
        {
            foreach (var held in _sockets.Values.SelectMany(l => l))
            {
                held.Socket.Dispose();
            }
        }
        _stop.Dispose();
    }

    private sealed class Held(Socket socket)
    {
        private readonly byte[] _buffer = new byte[4096];
        private bool _answered;

        public Socket Socket => socket;

        /// <summary>Reads without waiting; false (and disposed) once the server closed or reset it.</summary>
        public bool StillOpen(IdleConnectionFlood flood)
        {
            try
            {
                while (socket.Poll(0, SelectMode.SelectRead))
                {
                    var read = socket.Receive(_buffer);
                    if (read == 0)
                    {
                        socket.Dispose();
                        return false;
                    }
                    if (!_answered)
                    {
                        _answered = true;
                        var head = Encoding.ASCII.GetString(_buffer, 0, Math.Min(read, 12));
                        if (head == "HTTP/1.1 200")
                        {
                            flood.Answered200++;
                        }
                        else if (head == "HTTP/1.1 503")
                        {
                            flood.Answered503++;
                        }
                    }
                }
                return true;
            }
            catch (SocketException)
            {
                socket.Dispose();
                return false;
            }
        }
    }
}
