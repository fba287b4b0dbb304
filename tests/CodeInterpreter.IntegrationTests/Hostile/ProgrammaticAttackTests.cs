using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Programmatic tool calling under attack: a program that floods the client with tool calls or the channel with
/// connections and garbage, a client that never answers (the paused program must be killed and every resource it held
/// freed: processes, job dir, cgroup, uid, permit), and continuation tokens stolen, forged or replayed by another caller.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ProgrammaticAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    private JsonObject Program(string program, params string[] tools)
    {
        var (lang, code) = HostilePrograms.Load(program, Hostile.Placeholders);
        var body = ProgrammaticClient.Start(code, tools);
        body["lang"] = lang;
        return body;
    }

    [SandboxFact]
    public async Task Programmatic_AFloodOfToolCalls_IsStoppedWithAClearError_AndNothingIsLeft()
    {
        var reply = await Client.ProgrammaticAsync(Program("programmatic/call_flood.py", "echo"));

        Output.WriteLine(reply.ToJsonString());
        Assert.Equal("error", reply.Str("status"));
        Assert.StartsWith("Sandbox requested too many tool calls at once", reply.Str("error"), StringComparison.Ordinal);
        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Programmatic_AFloodOfConnectionsToTheToolChannel_IsStopped_AndNothingIsLeft()
    {
        var reply = await Client.ProgrammaticAsync(Program("programmatic/connection_flood.py", "echo"));

        Output.WriteLine(reply.ToJsonString());
        Assert.Equal("error", reply.Str("status"));
        Assert.StartsWith("Sandbox requested too many tool calls at once", reply.Str("error"), StringComparison.Ordinal);
        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Programmatic_GarbageOnTheToolChannel_EndsTheRunWithAClearError()
    {
        var reply = await Client.ProgrammaticAsync(Program("programmatic/garbage_channel.py", "echo"));

        Output.WriteLine(reply.ToJsonString());
        Assert.Equal(("error", "Sandbox sent a malformed tool call block"), (reply.Str("status"), reply.Str("error")));
        Assert.DoesNotContain("ESCAPED", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Programmatic_AClientThatNeverAnswers_IsCutOff_TheRunKilledAndEveryResourceFreed()
    {
        var paused = new List<JsonObject>();
        for (var i = 0; i < HostileFixture.ProgrammaticExecutions; i++)
        {
            paused.Add(await Client.ProgrammaticAsync(Program("programmatic/waits_forever.py", "echo")));
        }
        Assert.All(paused, p => Assert.Equal("tool_call_required", p.Str("status")));
        // While they wait, they are frozen (the host sees every process of them stopped) and hold their places.
        var frozen = HostProcess.LiveOfUids(HostileFixture.UidBase, HostileFixture.UidSlots);
        Output.WriteLine(string.Join('\n', frozen));
        Assert.NotEmpty(frozen);
        Assert.All(frozen, p => Assert.Equal('T', p.State));
        var (refused, _) = await Client.PostProgrammaticAsync(Program("programmatic/waits_forever.py", "echo"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.NotEmpty(JobDirs());
        Assert.NotEmpty(JobCgroups());

        // Nobody answers: after the result wait they are killed and every trace is gone, as the host sees it.
        await HostProcess.AssertNoneLeftOfUidsAsync(HostileFixture.UidBase, HostileFixture.UidSlots,
            TimeSpan.FromSeconds(HostileFixture.ResultWaitSeconds + 20));
        await Poll.UntilAsync(() => JobDirs().Count == 0 && JobCgroups().Count == 0 && WorkMounts().Count == 0, TimeSpan.FromSeconds(20),
            "job dirs, tmpfs mounts and cgroups removed");
        foreach (var execution in paused)
        {
            var (late, body) = await Client.PostProgrammaticAsync(ProgrammaticClient.Continue(execution, _ => 1));
            Assert.Equal(HttpStatusCode.NotFound, late);
            Assert.Equal("Execution not found", body.Str("error"));
        }

        // The permits and uids came back: as many paused executions again, and a plain run beside them.
        var again = new List<JsonObject>();
        for (var i = 0; i < HostileFixture.ProgrammaticExecutions; i++)
        {
            again.Add(await Client.ProgrammaticAsync(Program("programmatic/waits_forever.py", "echo")));
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var plain = await Client.PostAsync("exec", JsonContent.Create(ServiceApi.ExecBody("py", "print('a uid was free')")), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        foreach (var execution in again)
        {
            _ = await Client.PostProgrammaticAsync(ProgrammaticClient.Continue(execution, _ => 1));
        }
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Programmatic_AContinuationToken_StolenForgedOrReplayed_IsRefused_AndTheExecutionGoesOn()
    {
        var start = ProgrammaticClient.Start("first = await echo(x=1)\nsecond = await echo(x=2)\nprint(first, second)", "echo");
        var paused = await Client.ProgrammaticAsync(start);
        var token = paused.Str("continuation_token");
        var node = token.Split('.')[1];

        using var otherKey = Service.CreateClient(Service.Keys[1]);
        using var otherSubject = Service.CreateClient(null);
        otherSubject.DefaultRequestHeaders.Add("Authorization", "Bearer " + Hostile.Jwt.EdDsa(TestJwt.Claims(DateTimeOffset.UtcNow)));
        var forgedSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var (client, body) in new (HttpClient, JsonObject)[]
        {
            (otherKey, ProgrammaticClient.Continue(paused, _ => "stolen")),
            (otherSubject, ProgrammaticClient.Continue(paused, _ => "stolen")),
            (Client, new JsonObject { ["continuation_token"] = $"ptc1.{node}.{forgedSecret}", ["tool_results"] = new JsonArray() }),
            (Client, new JsonObject { ["continuation_token"] = $"ptc1.zzzzzzzzzzzz.{forgedSecret}", ["tool_results"] = new JsonArray() }),
        })
        {
            var (status, reply) = await client.PostProgrammaticAsync(body);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("Execution not found", reply.Str("error"));
        }
        // Another caller cannot cancel it either, not even knowing the request id.
        var (cancelStatus, _) = await otherKey.PostProgrammaticAsync(new JsonObject { ["request_id"] = "guess" }, "exec/programmatic/cancel");
        Assert.Equal(HttpStatusCode.NotFound, cancelStatus);

        // The owner's execution is untouched: it continues with the same token, and only the owner's results count.
        var next = await Client.ProgrammaticAsync(ProgrammaticClient.Continue(paused, _ => "owner-1"));
        Assert.Equal("tool_call_required", next.Str("status"));
        var (replayed, _) = await Client.PostProgrammaticAsync(ProgrammaticClient.Continue(paused, _ => "replayed"));
        Assert.Equal(HttpStatusCode.NotFound, replayed);
        var done = await Client.ProgrammaticAsync(ProgrammaticClient.Continue(next, _ => "owner-2"));
        Assert.Equal(("completed", "owner-1 owner-2\n"), (done.Str("status"), done.Str("stdout")));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Programmatic_AJobsToolChannel_IsReachableByThatJobOnly()
    {
        var paused = await Client.ProgrammaticAsync(Program("programmatic/waits_forever.py", "echo"));
        Assert.Equal("tool_call_required", paused.Str("status"));

        // On the host: the socket belongs to the job's uid alone, in a directory only root writes.
        var socket = Assert.Single(JobDirs().Select(d => Path.Combine(d, "channel", "sock")), File.Exists);
        var mode = File.GetUnixFileMode(socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        var owner = Stat(socket);
        Assert.InRange(owner, HostileFixture.UidBase, HostileFixture.UidBase + HostileFixture.UidSlots - 1);
        Assert.Equal(0, Stat(Path.GetDirectoryName(socket)!));

        // From another job: nothing to connect to.
        var scan = await AttackAsync("programmatic/find_sockets.sh");
        scan.AssertSelfReportedContained();
        _ = await Client.PostProgrammaticAsync(ProgrammaticClient.Continue(paused, _ => 1));
        await AssertAftermathAsync();
    }

    private List<string> JobDirs() =>
        [.. Directory.EnumerateDirectories(Path.Combine(Service.DataDir, "jobs")).Where(d => Path.GetFileName(d).Length == 24)];

    /// <summary>
    /// The instance's job cgroups, in every hierarchy (v1 nests memory under the service's own cgroup): the children
    /// of each directory named after the instance (its cgroup name is derived from its data dir, as the service does).
    /// </summary>
    private List<string> JobCgroups()
    {
        var name = "code-interpreter-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(Service.DataDir))))[..10];
        var found = new List<string>();
        var level = new List<string> { "/sys/fs/cgroup" };
        for (var depth = 0; depth < 5 && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var dir in level)
            {
                foreach (var child in SafeDirectories(dir))
                {
                    if (Path.GetFileName(child) == name)
                    {
                        found.AddRange(SafeDirectories(child).Where(d => Path.GetFileName(d).Contains('-', StringComparison.Ordinal)));
                    }
                    else
                    {
                        next.Add(child);
                    }
                }
            }
            level = next;
        }
        return found;
    }

    private static IEnumerable<string> SafeDirectories(string dir)
    {
        try
        {
            return Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private List<string> WorkMounts() =>
        [.. File.ReadAllLines("/proc/self/mounts").Where(l => l.Contains(Path.Combine(Service.DataDir, "jobs"), StringComparison.Ordinal))];

    private static int Stat(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path])
            { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return int.Parse(text, CultureInfo.InvariantCulture);
    }
}
