using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>
/// The real service as a child process (<c>dotnet CodeInterpreter.dll</c>) on a free loopback port with its own data dir.
/// Keeps the child's stdout/stderr so a failing test can print them; can restart on the same data dir and keys.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(60);
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<string> _log = [];
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public ServiceProcess(IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        DataDir = NewDataDir();
        Keys = [NewKey(), NewKey()];
    }

    /// <summary>The two configured API keys (CODE_API_KEYS="k0,k1").</summary>
    public IReadOnlyList<string> Keys { get; }

    public string DataDir { get; }

    /// <summary>Uids reserved for each instance: its whole uid pool (slots, warm sandboxes, paused programmatic runs) fits.</summary>
    public const int UidRange = 50;

    private static int s_instances;
    // 40 distinct ranges of 50 uids (63000-64999): instances alive at once in one test run never share one.
    private readonly int _uidBase = 63000 + (UidRange * (Interlocked.Increment(ref s_instances) % 40));

    /// <summary>The instance's sandbox uids are UidBase + slot (CODE_UID_BASE).</summary>
    public int UidBase => _uidBase;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public async Task StartAsync()
    {
        Port = FreePort();
        _process = Process.Start(StartInfo()) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
        await WaitUntilHealthAnswersAsync();
    }

    public async Task StopAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            // As systemd or docker stop it: the service drains, disposes its warm sandboxes and removes its job
            // dirs. A hard kill would leave a refill's sandbox and tmpfs mounts behind on the test host.
            await SignalAsync("TERM");
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        await _process.WaitForExitAsync();
        Append($"[service exited with code {_process.ExitCode}]");
        _process.Dispose();
        _process = null;
    }

    /// <summary>The service's process id (while it runs).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The service is not running.");

    /// <summary>
    /// Sends a signal (TERM, KILL, ...) to the service process alone, as <c>docker stop</c>, systemd
    /// (<c>KillMode=mixed</c>) or a crash would; its sandboxed children are left to the service.
    /// </summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { UseShellExecute = false }) ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -s {signal} {ProcessId} failed");
    }

    /// <summary>Waits for the service to exit by itself; its exit code (the process stays stopped: start it again to reuse).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("The service is not running.");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The service did not exit within {timeout.TotalSeconds} s.\n{LogSince(0)}");
        }
        Append($"[service exited with code {process.ExitCode}]");
        return process.ExitCode;
    }

    /// <summary>Starts the service for a startup that must fail: its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunToExitAsync(TimeSpan timeout)
    {
        Port = FreePort();
        var mark = LogMark;
        _process = Process.Start(StartInfo()) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        var exitCode = _process.ExitCode;
        _process.Dispose();
        _process = null;
        return (exitCode, LogSince(mark));
    }

    /// <summary>Stops the service and starts it again on the same data dir and keys (on a new port).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>A client for the service; <paramref name="prefix"/> is "" (root) or "v1".</summary>
    public HttpClient CreateClient(string? apiKey, string prefix = "")
    {
        var baseAddress = prefix.Length == 0 ? BaseAddress : new Uri(BaseAddress, prefix.TrimEnd('/') + "/");
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(180) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("LibreChat/1.0");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        return client;
    }

    /// <summary>The number of log lines so far; pass it to <see cref="LogSince"/>.</summary>
    public int LogMark
    {
        get
        {
            lock (_log)
            {
                return _log.Count;
            }
        }
    }

    public string LogSince(int mark)
    {
        lock (_log)
        {
            return string.Join('\n', _log.Skip(mark));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _probe.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is harmless; never hide the test result behind cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var dll = ServiceBinary.DllPath();
        var info = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing from the test host's environment may configure the service behind the test's back.
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("CODE_", StringComparison.Ordinal) || name is "PORT" or "ASPNETCORE_URLS" or "URLS"
                or "ASPNETCORE_HTTP_PORTS" or "HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS")
            {
                info.Environment.Remove(name);
            }
        }
        info.Environment["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CODE_BIND_ADDRESS"] = "127.0.0.1";
        info.Environment["CODE_DATA_DIR"] = DataDir;
        info.Environment["CODE_API_KEYS"] = string.Join(',', Keys);
        // Each instance its own sandbox uids, as two services on one host must have (and away from the unit tests' 62000).
        info.Environment["CODE_UID_BASE"] = _uidBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in _environment)
        {
            // {PORT}: the port this start listens on (a node's own address, e.g. CODE_NODE_URL).
            info.Environment[name] = value.Replace("{PORT}", info.Environment["PORT"], StringComparison.Ordinal);
        }
        return info;
    }

    private async Task WaitUntilHealthAnswersAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _startupTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"The service exited during startup.\n{LogSince(0)}");
            }
            try
            {
                using var response = await _probe.GetAsync(new Uri(BaseAddress, "health"));
                return; // Any answer (200, or 503 without a usable sandbox) means the server is up.
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"GET /health did not answer within {_startupTimeout.TotalSeconds} s.\n{LogSince(0)}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Add(line);
        }
    }

    private void KillOnHostExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return host is not null && File.Exists(host) ? host : "dotnet";
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// A fresh private (0700) dir, as mktemp makes one: the service itself must make it traversable for the
    /// sandbox uids, which bind their workspace from below it.
    /// </summary>
    private static string NewDataDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "ci-itest-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string NewKey() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
