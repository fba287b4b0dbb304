using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CodeInterpreter.IntegrationTests.Operations;
using CodeInterpreter.IntegrationTests.Storage;

namespace CodeInterpreter.IntegrationTests.Programmatic;

/// <summary>
/// Programmatic tool calling on two nodes sharing one S3 bucket: a paused program lives on the node that started it,
/// and a continuation or cancel that reaches the other node is forwarded to it (the peer registry in the bucket names
/// its address); behind the shipped nginx site every workflow completes whichever node answers each round trip; and a
/// runtime-session workspace takes one call at a time across the nodes (a lease in the bucket).
/// </summary>
public sealed partial class TwoNodeProgrammaticTests(ITestOutputHelper output)
{
    private static Dictionary<string, string> NodeSettings(IReadOnlyList<string>? keys = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["CODE_NODE_URL"] = "http://127.0.0.1:{PORT}",
            ["Workspaces__BusyWaitSeconds"] = "1",
        };
        if (keys is not null)
        {
            settings["CODE_API_KEYS"] = string.Join(',', keys);
        }
        return settings;
    }

    private static JsonObject Workflow(string label) => ProgrammaticClient.Start($$"""
        total = 0
        for i in range(3):
            total += (await step(label="{{label}}", i=i))["value"]
        open("/mnt/data/{{label}}.txt", "w").write(str(total))
        print("{{label}}", total)
        """, "step");

    private static JsonNode Answer(JsonObject call) => new JsonObject { ["value"] = call["input"]!["i"]!.GetValue<int>() + 10 };

    [S3NodesFact]
    public async Task AContinuationOrCancel_ThatReachesTheOtherNode_IsForwardedToTheNodeThatHoldsTheProgram()
    {
        await using var cluster = new S3Nodes();
        try
        {
            var a = await cluster.StartNodeAsync(NodeSettings());
            var b = await cluster.StartNodeAsync(NodeSettings(a.Keys));
            using var onA = a.CreateClient(a.Keys[0], "v1");
            using var onB = b.CreateClient(a.Keys[0], "v1");
            await WaitForPeersAsync(onA, onB);

            // Started on A; the three continuations go B, A, B.
            var (reply, rounds) = await onA.RunToEndAsync(Workflow("alpha"), Answer, round => round % 2 == 1 ? onB : onA);
            Assert.Equal(3, rounds);
            Assert.Equal(("completed", "alpha 33\n"), (reply.Str("status"), reply.Str("stdout")));
            var file = reply.FileNamed("alpha.txt");
            Assert.Equal("33"u8.ToArray(), await onB.DownloadAsync(reply.Str("session_id"), file.Str("id")));
            Assert.Contains("Forwarding a continuation to node", b.LogSince(0), StringComparison.Ordinal);

            // A cancel on B for a request A handled: B asks its peers, A stops the program.
            var requestId = Guid.NewGuid().ToString();
            var (_, paused) = await onA.PostProgrammaticAsync(Workflow("beta"), headers: new Dictionary<string, string> { ["X-LibreChat-Code-Request-ID"] = requestId });
            Assert.Equal("tool_call_required", paused.Str("status"));
            var (cancelStatus, cancelled) = await onB.PostProgrammaticAsync(new JsonObject { ["request_id"] = requestId }, "exec/programmatic/cancel");
            Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancelStatus, cancelled.Str("status")));
            var (late, _) = await onB.PostProgrammaticAsync(ProgrammaticClient.Continue(paused, Answer));
            Assert.Equal(HttpStatusCode.NotFound, late);
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    [S3NodesFact]
    public async Task ARuntimeSessionWorkspace_TakesOneCallAtATime_AcrossTheNodes_AndItsFilesAreOnBoth()
    {
        await using var cluster = new S3Nodes();
        try
        {
            var a = await cluster.StartNodeAsync(NodeSettings());
            var b = await cluster.StartNodeAsync(NodeSettings(a.Keys));
            using var onA = a.CreateClient(a.Keys[0], "v1");
            using var onB = b.CreateClient(a.Keys[0], "v1");
            var hint = "two-nodes-" + Guid.NewGuid().ToString("N");

            var start = ProgrammaticClient.Start("open('/mnt/data/shared.txt', 'w').write(str(await step(i=1)))", "step");
            start["runtime_session_hint"] = hint;
            var paused = await onA.ProgrammaticAsync(start);
            Assert.Equal("tool_call_required", paused.Str("status"));

            // A holds the workspace (its lease is in the bucket): B's call waits its turn, then is told it is busy.
            var busyBody = ServiceApi.ExecBody("bash", "ls /mnt/data");
            busyBody["runtime_session_hint"] = hint;
            using (var busy = await onB.PostExecAsync(busyBody))
            {
                var error = await busy.AssertErrorAsync(HttpStatusCode.Conflict);
                Assert.Equal("RUNTIME_SESSION_BUSY", error.Str("error"));
            }

            var done = await onA.ProgrammaticAsync(ProgrammaticClient.Continue(paused, _ => 42));
            Assert.Equal("completed", done.Str("status"));
            var onNodeB = await onB.ExecAsync(busyBody.DeepClone().AsObject());
            Assert.Equal(("shared.txt\n", "reused", done.Str("runtime_session_id")),
                (onNodeB.Str("stdout"), onNodeB.Str("runtime_status"), onNodeB.Str("runtime_session_id")));
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    [S3NodesFact]
    public async Task BehindTheShippedNginxSite_EveryWorkflowCompletes_WhicheverNodeAnswersEachRoundTrip()
    {
        await using var cluster = new S3Nodes();
        var dir = Directory.CreateTempSubdirectory("ci-nginx-ptc-");
        Process? nginx = null;
        try
        {
            var a = await cluster.StartNodeAsync(NodeSettings());
            var b = await cluster.StartNodeAsync(NodeSettings(a.Keys));
            var port = NginxFrontTests.FreePort();
            nginx = NginxFrontTests.StartNginx(dir.FullName, port, a.Port, b.Port);
            await NginxFrontTests.WaitForPortAsync(port, nginx);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"), Timeout = TimeSpan.FromSeconds(120) };
            client.DefaultRequestHeaders.Add("X-API-Key", a.Keys[0]);
            using var onA = a.CreateClient(a.Keys[0], "v1");
            using var onB = b.CreateClient(a.Keys[0], "v1");
            await WaitForPeersAsync(onA, onB);
            await WaitForPeersAsync(onB, onA);

            for (var i = 0; i < 4; i++)
            {
                var (reply, rounds) = await client.RunToEndAsync(Workflow($"w{i}"), Answer);
                Assert.Equal(3, rounds);
                Assert.Equal(("completed", $"w{i} 33\n"), (reply.Str("status"), reply.Str("stdout")));
            }

            var log = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "access.log"));
            output.WriteLine(log);
            var upstreams = ProgrammaticUpstream().Matches(log).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Contains(a.Port, upstreams);
            Assert.Contains(b.Port, upstreams);
            Assert.DoesNotContain(" 404 ", log, StringComparison.Ordinal);
        }
        finally
        {
            if (nginx is { HasExited: false })
            {
                using (var stop = Process.Start("kill", ["-TERM", nginx.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await stop.WaitForExitAsync();
                }
                await nginx.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            output.WriteLine(cluster.Logs());
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Until B finds A in the peer registry (each node writes its entry when it starts, then every 15 s): a probe
    /// paused on A is continued through B until that is no longer 404.
    /// </summary>
    private static async Task WaitForPeersAsync(HttpClient onA, HttpClient onB)
    {
        var probe = await onA.ProgrammaticAsync(ProgrammaticClient.Start("print(await step(i=0))", "step"));
        var continuation = ProgrammaticClient.Continue(probe, _ => 0);
        var (status, reply) = await onB.PostProgrammaticAsync(continuation);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); status == HttpStatusCode.NotFound && DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            (status, reply) = await onB.PostProgrammaticAsync(continuation);
        }
        Assert.True(status == HttpStatusCode.OK, $"B never reached A through the peer registry: {(int)status} {reply.ToJsonString()}");
    }

    [GeneratedRegex(@"""POST /v1/exec/programmatic HTTP/1\.1"" 200 \d+ [\d.]+ s upstream=127\.0\.0\.1:(\d+)")]
    private static partial Regex ProgrammaticUpstream();
}
