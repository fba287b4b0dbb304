using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CodeInterpreter.IntegrationTests.Storage;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>
/// The shipped nginx site (deploy/nginx/code-interpreter.conf), unchanged but for its ports and log path, in front of
/// two nodes on one S3 bucket: LibreChat's calls through it reach both nodes and work whichever node answers.
/// </summary>
public sealed partial class NginxFrontTests(ITestOutputHelper output)
{
    private const string Nginx = "/usr/sbin/nginx";

    [S3NodesFact]
    public async Task TheShippedSite_BalancesOverTwoNodes_AndEveryCallWorksWhicheverNodeAnswers()
    {
        Assert.True(File.Exists(Nginx), $"{Nginx} is missing: ./test.sh installs nginx-light; or apt-get install nginx-light");
        await using var cluster = new S3Nodes();
        var dir = Directory.CreateTempSubdirectory("ci-nginx-");
        Process? nginx = null;
        try
        {
            // As docs/multi-node.md sets them up: nginx on the nodes' host is their trusted proxy.
            var a = await cluster.StartNodeAsync(new Dictionary<string, string> { ["CODE_TRUSTED_PROXIES"] = "127.0.0.1" });
            var b = await cluster.StartNodeAsync(new Dictionary<string, string>
            {
                ["CODE_API_KEYS"] = string.Join(',', a.Keys),
                ["CODE_TRUSTED_PROXIES"] = "127.0.0.1",
            });
            var port = FreePort();
            nginx = StartNginx(dir.FullName, port, a.Port, b.Port);
            await WaitForPortAsync(port, nginx);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"), Timeout = TimeSpan.FromSeconds(120) };
            client.DefaultRequestHeaders.Add("X-API-Key", a.Keys[0]);

            var upload = await client.UploadAsync("n.csv", "n\n1\n2\n");
            var (sid, fid) = (upload.Str("session_id"), ((JsonObject)upload.Files()[0]!).Str("fileId"));
            for (var i = 0; i < 6; i++)
            {
                var body = ServiceApi.ExecBody("py", "print(sum(map(int, open('n.csv').read().split()[1:])))\nopen('out.txt','w').write('ok')");
                body["files"] = new JsonArray(new JsonObject { ["id"] = fid, ["session_id"] = sid, ["name"] = "n.csv" });
                var run = await client.ExecAsync(body);
                run.AssertRan("3\n");
                Assert.Equal("ok"u8.ToArray(), await client.DownloadAsync(run.Str("session_id"), run.FileNamed("out.txt").Str("id")));
            }

            var log = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "access.log"));
            output.WriteLine(log);
            var upstreams = Upstream().Matches(log).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Contains(a.Port, upstreams);
            Assert.Contains(b.Port, upstreams);
        }
        finally
        {
            if (nginx is { HasExited: false })
            {
                // SIGTERM to the master stops its workers too; a SIGKILL would orphan them.
                using (var stop = Process.Start("kill", ["-TERM", nginx.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await stop.WaitForExitAsync();
                }
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await nginx.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    nginx.Kill(entireProcessTree: true);
                }
            }
            output.WriteLine(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "error.log")).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : ""));
            output.WriteLine(cluster.Logs());
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The shipped site with only its ports and log path replaced, inside a minimal nginx.conf of its own.</summary>
    internal static Process StartNginx(string dir, int port, int nodeA, int nodeB)
    {
        var site = File.ReadAllText(Path.Combine(ServiceBinary.RepoRoot(), "deploy", "nginx", "code-interpreter.conf"));
        site = Replace(site, "listen 8700;", $"listen 127.0.0.1:{port};");
        site = Replace(site, "server 127.0.0.1:3101 ", $"server 127.0.0.1:{nodeA} ");
        site = Replace(site, "server 127.0.0.1:3102 ", $"server 127.0.0.1:{nodeB} ");
        site = Replace(site, "/var/log/nginx/code-interpreter.access.log", Path.Combine(dir, "access.log"));
        File.WriteAllText(Path.Combine(dir, "site.conf"), site);
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            user root;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log;
            events { worker_connections 256; }
            http {
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                access_log off;
                include {{dir}}/site.conf;
            }
            """);
        return Process.Start(new ProcessStartInfo(Nginx, ["-p", dir, "-c", Path.Combine(dir, "nginx.conf"), "-g", "daemon off;"])
            { UseShellExecute = false }) ?? throw new InvalidOperationException("nginx did not start");
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"deploy/nginx/code-interpreter.conf no longer contains '{from}'");
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    internal static async Task WaitForPortAsync(int port, Process nginx)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            Assert.False(nginx.HasExited, "nginx exited at startup");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
            }
        }
        Assert.Fail("nginx did not listen within 20 s");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"upstream=127\.0\.0\.1:(\d+)")]
    private static partial Regex Upstream();
}
