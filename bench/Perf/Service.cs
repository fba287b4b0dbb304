using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CodeInterpreter.Bench;

/// <summary>The Release service on a free loopback port with a temp data dir, and a client for it.</summary>
internal sealed class Service : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private long _peakRssKb;

    private Service(Process process, string dataDir, int port)
    {
        _process = process;
        _dataDir = dataDir;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        Client.DefaultRequestHeaders.Add("X-API-Key", Key);
    }

    public const string Key = "bench-key";
    public HttpClient Client { get; }
    public int Pid => _process.Id;

    public static async Task<Service> StartAsync(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dataDir = Directory.CreateTempSubdirectory("ci-bench-").FullName;
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["CODE_BIND_ADDRESS"] = "127.0.0.1";
        psi.Environment["CODE_DATA_DIR"] = dataDir;
        psi.Environment["CODE_API_KEY"] = Key;
        psi.Environment["CODE_UID_BASE"] = "64500";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[service] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new Service(process, dataDir, port);
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var health = await service.Client.GetAsync("health");
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException("the service did not become healthy");
    }

    public async Task<JsonObject> ExecAsync(JsonObject body)
    {
        using var response = await Client.PostAsJsonAsync("exec", body);
        var reply = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        if (!response.IsSuccessStatusCode || reply["run"]?["code"]?.GetValue<int?>() is not 0)
        {
            throw new InvalidOperationException($"exec failed: {(int)response.StatusCode} {reply.ToJsonString()[..Math.Min(600, reply.ToJsonString().Length)]}");
        }
        SampleRss();
        return reply;
    }

    public Task<JsonObject> ExecAsync(string lang, string code) => ExecAsync(new JsonObject { ["lang"] = lang, ["code"] = code });

    public async Task<JsonObject> UploadAsync(string name, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        using var response = await Client.PostAsync("upload", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<byte[]> DownloadAsync(string sessionId, string fileId) =>
        await Client.GetByteArrayAsync($"download/{sessionId}/{fileId}");

    public async Task<JsonObject> HealthAsync() => (await Client.GetFromJsonAsync<JsonObject>("health"))!;

    /// <summary>Peak resident set of the service process (kernel's VmHWM), in MiB.</summary>
    public double PeakRssMb
    {
        get
        {
            SampleRss();
            return Math.Max(_peakRssKb, ReadStatusKb("VmHWM")) / 1024.0;
        }
    }

    public void SampleRss()
    {
        var rss = ReadStatusKb("VmRSS");
        if (rss > _peakRssKb)
        {
            _peakRssKb = rss;
        }
    }

    private long ReadStatusKb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
