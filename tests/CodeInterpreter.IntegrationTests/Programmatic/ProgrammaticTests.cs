namespace CodeInterpreter.IntegrationTests.Programmatic;

/// <summary>
/// POST /exec/programmatic against the real sandbox: the program stays alive between round trips (its state survives,
/// its side effects happen once), the clear replies for what can go wrong, stateful sessions and the new reply fields.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ProgrammaticTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [SandboxFact]
    public async Task TheProgram_StaysAlive_BetweenRoundTrips_ItsStateSurvivesAndSideEffectsHappenOnce()
    {
        var (reply, rounds) = await V1.RunToEndAsync(ProgrammaticClient.Start("""
            import os
            counter = 0
            for i in range(3):
                with open("/mnt/data/log.txt", "a") as f:
                    f.write(f"before call {i} in pid {os.getpid()}\n")
                counter += (await add(n=i))["n"]
            print(counter, open("/mnt/data/log.txt").read().count("before"), len(set(l.split()[-1] for l in open("/mnt/data/log.txt"))))
            """, "add"), call => new JsonObject { ["n"] = call["input"]!["n"]!.GetValue<int>() + 1 });

        Assert.Equal("completed", reply.Str("status"));
        Assert.Equal(3, rounds);
        // 1+2+3, three lines written (not replayed), all by one process.
        Assert.Equal("6 3 1\n", reply.Str("stdout"));
    }

    [SandboxFact]
    public async Task WhilePaused_EveryProcessOfTheRunIsFrozen_AndTheWaitDoesNotCountAgainstTheTimeout()
    {
        var start = ProgrammaticClient.Start("import time\nt = time.monotonic()\nawait wait(x=1)\nprint(int(time.monotonic() - t))", "wait");
        start["timeout"] = 1500;
        var paused = await Client.ProgrammaticAsync(start);
        Assert.Equal("tool_call_required", paused.Str("status"));

        var states = RunnerStates();
        Output.WriteLine(string.Join('\n', states));
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.EndsWith("state T (stopped)", s, StringComparison.Ordinal));

        // Longer than the whole timeout: only running time counts.
        await Task.Delay(2500);
        var done = await Client.ProgrammaticAsync(ProgrammaticClient.Continue(paused, _ => 1));
        Assert.Equal("completed", done.Str("status"));
        Assert.True(int.Parse(done.Str("stdout"), System.Globalization.CultureInfo.InvariantCulture) >= 2, done.Str("stdout"));
    }

    [SandboxFact]
    public async Task ProgramsThatGoWrong_GetClearReplies()
    {
        async Task<JsonObject> Finish(string code, string lang = "py", int? timeout = null)
        {
            var body = ProgrammaticClient.Start(code, "known_tool");
            if (lang != "py")
            {
                body["lang"] = lang;
            }
            if (timeout is { } ms)
            {
                body["timeout"] = ms;
            }
            return (await Client.RunToEndAsync(body, _ => 1)).Reply;
        }

        var syntax = await Finish("print(");
        Assert.Equal(("error", "Sandbox exited with code 1"), (syntax.Str("status"), syntax.Str("error")));
        Assert.Contains("SyntaxError", syntax.Str("stderr"), StringComparison.Ordinal);

        var noTool = await Finish("print('no tool needed')");
        Assert.Equal(("completed", "no tool needed\n"), (noTool.Str("status"), noTool.Str("stdout")));

        var unknown = await Finish("/usr/bin/python3 /code/__codeapi_call.py not_given '{}'", "bash");
        Assert.Equal("Sandbox requested an unregistered tool: not_given", unknown.Str("error"));

        var empty = await Finish("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('/run/codeapi/sock')\ns.sendall(b'{\"calls\":[]}\\n')\ns.recv(10)");
        Assert.Equal("sandbox emitted an empty pending tool call block; aborting to avoid a tight retry loop", empty.Str("error"));

        var late = await Finish("while True:\n    pass\nawait known_tool()", timeout: 1000);
        Assert.Equal("Time limit exceeded", late.Str("error"));

        var tooMany = ProgrammaticClient.Start("x");
        tooMany["tools"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)new JsonObject { ["name"] = $"t{i}" })]);
        var (status, body) = await Client.PostProgrammaticAsync(tooMany);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Too many tools", body.Str("error"));
    }

    [SandboxFact]
    public async Task AnUnknownOrUsedToken_Is404_AndTwoContinuationsAtOnce_Is409()
    {
        var (unknown, body) = await Client.PostProgrammaticAsync(new JsonObject { ["continuation_token"] = "ptc1.abcdefghijkl." + new string('A', 43), ["tool_results"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("Execution not found", body.Str("error"));

        var paused = await Client.ProgrammaticAsync(ProgrammaticClient.Start("await t()\nimport time\ntime.sleep(1.5)\nprint('ok')", "t"));
        var continuation = ProgrammaticClient.Continue(paused, _ => 1);
        using var other = Service.CreateClient(Service.Keys[0]);
        // Two continuations of one pause at once: one runs the program (1.5 s), the other is a conflict, not a second run.
        var both = await Task.WhenAll(Client.PostProgrammaticAsync(continuation), other.PostProgrammaticAsync(continuation));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.Status).Order());
        Assert.Equal("ok\n", both.Single(r => r.Status == HttpStatusCode.OK).Body.Str("stdout"));
        Assert.Equal("continuation_in_progress", both.Single(r => r.Status == HttpStatusCode.Conflict).Body.Str("error"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostProgrammaticAsync(continuation)).Status);
    }

    [SandboxFact]
    public async Task StatefulSessions_KeepFilesPerHint_AndEchoTheProfile()
    {
        var hint = "itest-" + Guid.NewGuid().ToString("N");
        var headers = new Dictionary<string, string> { ["X-CodeAPI-Expected-Profile"] = "stateful" };
        var first = ServiceApi.ExecBody("bash", "echo kept > /mnt/data/k.txt; echo hi > /mnt/data/tmp.txt");
        first["runtime_session_hint"] = hint;
        using var response = await SendAsync("exec", first, headers);
        var firstReply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("stateful", response.Headers.GetValues("X-CodeAPI-Execution-Profile").Single());
        Assert.Equal("new", firstReply.Str("runtime_status"));

        var second = ServiceApi.ExecBody("bash", "cat /mnt/data/k.txt; rm /mnt/data/tmp.txt");
        second["runtime_session_hint"] = hint;
        var secondReply = await Client.ExecAsync(second);
        secondReply.AssertRan("kept\n");
        Assert.Equal(("reused", firstReply.Str("runtime_session_id")), (secondReply.Str("runtime_status"), secondReply.Str("runtime_session_id")));
        Assert.Equal(["tmp.txt"], secondReply["deleted_files"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Another caller (the second key) with the same hint has a workspace of its own.
        using var other = Service.CreateClient(Service.Keys[1]);
        var third = ServiceApi.ExecBody("bash", "ls /mnt/data");
        third["runtime_session_hint"] = hint;
        var otherReply = await other.ExecAsync(third);
        otherReply.AssertRan("");
        Assert.NotEqual(firstReply.Str("runtime_session_id"), otherReply.Str("runtime_session_id"));
    }

    [SandboxFact]
    public async Task ALimit_IsNamedInError_InTheWordsTheClientMaps()
    {
        var reply = await Client.ExecAsync(new JsonObject { ["lang"] = "py", ["code"] = "while True: pass", ["timeout"] = 500 });
        Assert.Equal("Time limit exceeded", reply.Str("error"));
        Assert.Null((await Client.ExecAsync("py", "print(1)"))["error"]);
    }

    private async Task<HttpResponseMessage> SendAsync(string route, JsonObject body, IReadOnlyDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }

    /// <summary>The state of every live process of this instance's sandbox uids running the programmatic runtime, as the host sees it.</summary>
    private List<string> RunnerStates()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                var uid = int.Parse(status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1],
                    System.Globalization.CultureInfo.InvariantCulture);
                if (uid >= Service.UidBase && uid < Service.UidBase + 50
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("__codeapi_runner", StringComparison.Ordinal))
                {
                    var state = status.First(l => l.StartsWith("State:", StringComparison.Ordinal))["State:".Length..].Trim();
                    found.Add($"{Path.GetFileName(dir)} {status[0]} state {state}");
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
            }
        }
        return found;
    }
}
