using System.Text.Json;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;

namespace CodeInterpreter.Tests.Execution.Programmatic;

/// <summary>
/// One execution across its round trips, with a fake sandbox: the program's lines on the channel become one batch of
/// calls, the run is frozen and gives up its slot while the client works, only the caller with the current token may
/// continue it, and every rule a program can break ends it with a clear reason.
/// </summary>
public sealed class ProgrammaticExecutorTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static ToolResult Ok(string callId, string json) => new(callId, Json(json), false, null);

    [Fact]
    public async Task GatheredCalls_OnOneLine_AreOneRoundTrip_WithTheClientsNames()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        var answer = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{"city":"SF"}},{"name":"web_search","input":{"q":"x"}}]}""");

        var step = Assert.IsType<ToolCallsStep>(await start);

        Assert.Equal(["get_weather", "web-search"], step.Calls.Select(c => c.Name));
        Assert.Equal(2, step.Calls.Select(c => c.Id).Distinct().Count());
        Assert.Equal("SF", step.Calls[0].Input.GetProperty("city").GetString());
        Assert.True(job.Run.Frozen);
        Assert.Equal(0, h.Gate.Running);
        Assert.False(answer.IsCompleted);
        Assert.Equal(1, h.Executor.Live);
    }

    [Fact]
    public async Task CallsOnSeveralConnections_AtOnce_AreOneBatch()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(language: "bash"), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{"city":"A"}}]}""");
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{"city":"B"}}]}""");

        var step = Assert.IsType<ToolCallsStep>(await start);

        Assert.Equal(2, step.Calls.Count);
    }

    [Fact]
    public async Task Results_ReachTheProgramInOrder_ErrorsAsErrors_AndAMissingOneAsAnError()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        var answer = job.Channel.SendAsync(
            """{"calls":[{"name":"get_weather","input":{}},{"name":"web_search","input":{}},{"name":"get_weather","input":{}}]}""");
        var step = Assert.IsType<ToolCallsStep>(await start);

        var next = h.Executor.ContinueAsync(step.ContinuationToken, "key:owner",
            [Ok(step.Calls[0].Id, """{"t":21}"""), new ToolResult(step.Calls[1].Id, null, true, "rate limited")], null, default);
        var reply = JsonDocument.Parse(await answer).RootElement.GetProperty("results");
        job.Run.Exit(0, "done\n");
        var finished = Assert.IsType<FinishedStep>((await next).Step);

        Assert.True(reply[0].GetProperty("ok").GetBoolean());
        Assert.Equal(21, reply[0].GetProperty("value").GetProperty("t").GetInt32());
        Assert.Equal("rate limited", reply[1].GetProperty("error").GetString());
        Assert.False(reply[2].GetProperty("ok").GetBoolean());
        Assert.Equal(1, job.Run.Resumes);
        Assert.Equal(ExecutionStatus.Ok, finished.Outcome.Status);
        Assert.Equal("done\n", finished.Outcome.Stdout);
        Assert.True(job.Disposed);
        Assert.Equal(0, h.Executor.Live);
    }

    [Fact]
    public async Task AResultOverTheCap_ReachesTheProgramAsAnError()
    {
        var h = new ProgrammaticHarness(new ProgrammaticOptions { MaxResultKb = 1 });
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        var answer = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        var step = Assert.IsType<ToolCallsStep>(await start);

        _ = h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", [Ok(step.Calls[0].Id, $"\"{new string('x', 2000)}\"")], null, default);

        var result = JsonDocument.Parse(await answer).RootElement.GetProperty("results")[0];
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("larger than 1 KiB", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        job.Run.Exit();
    }

    [Fact]
    public async Task TheToken_IsBoundToItsCaller_AndUsableOnce()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        var step = Assert.IsType<ToolCallsStep>(await start);
        var results = new[] { Ok(step.Calls[0].Id, "1") };

        var stolen = await h.Executor.ContinueAsync(step.ContinuationToken, "key:someone-else", results, null, default);
        var forged = await h.Executor.ContinueAsync(ContinuationTokens.New(h.Executor.NodeId), "key:owner", results, null, default);
        Assert.Equal(ContinuationStatus.NotFound, stolen.Status);
        Assert.Equal(ContinuationStatus.NotFound, forged.Status);
        Assert.True(job.Run.Frozen, "a refused continuation leaves the execution as it was");

        var second = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        var owner = await h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", results, null, default);
        var next = Assert.IsType<ToolCallsStep>(owner.Step);
        Assert.NotEqual(step.ContinuationToken, next.ContinuationToken);

        var replayed = await h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", results, null, default);
        Assert.Equal(ContinuationStatus.NotFound, replayed.Status);
        job.Run.Exit();
        _ = second;
    }

    [Fact]
    public async Task TwoContinuationsAtOnce_TheSecondIsBusy()
    {
        var h = new ProgrammaticHarness(concurrency: 1);
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        var step = Assert.IsType<ToolCallsStep>(await start);
        // The only slot is taken: the first continuation waits for it, holding its claim.
        var slot = await h.Gate.TryEnterAsync(default);

        var first = h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", [Ok(step.Calls[0].Id, "1")], null, default);
        await ProgrammaticHarness.WaitForAsync(() => h.Gate.Waiting == 1, "the first continuation queues for a slot");
        var second = await h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", [Ok(step.Calls[0].Id, "1")], null, default);

        Assert.Equal(ContinuationStatus.Busy, second.Status);
        slot!.Dispose();
        job.Run.Exit();
        Assert.IsType<FinishedStep>((await first).Step);
    }

    [Theory]
    [InlineData("""{"calls":[{"name":"not_a_tool","input":{}}]}""", ProgrammaticFailure.UnregisteredTool)]
    [InlineData("""{"calls":[]}""", ProgrammaticFailure.EmptyBatch)]
    [InlineData("""{"calls":{"x":1}}""", ProgrammaticFailure.InvalidMessage)]
    [InlineData("not json", ProgrammaticFailure.InvalidMessage)]
    public async Task ABatchThatBreaksARule_EndsTheExecution_WithItsReason(string line, ProgrammaticFailure expected)
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync(line);

        var finished = Assert.IsType<FinishedStep>(await start);

        Assert.Equal(expected, finished.Failure);
        Assert.True(job.Disposed);
        Assert.Equal(0, h.Executor.Live);
        if (expected == ProgrammaticFailure.UnregisteredTool)
        {
            Assert.Equal("not_a_tool", finished.FailureDetail);
        }
    }

    [Fact]
    public async Task AFloodOfCallsInOneBatch_IsRefused()
    {
        var h = new ProgrammaticHarness(new ProgrammaticOptions { MaxCallsPerRoundTrip = 5 });
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        var calls = string.Join(",", Enumerable.Repeat("""{"name":"get_weather","input":{}}""", 6));
        _ = job.Channel.SendAsync($$"""{"calls":[{{calls}}]}""");

        var finished = Assert.IsType<FinishedStep>(await start);

        Assert.Equal(ProgrammaticFailure.TooManyCalls, finished.Failure);
    }

    [Fact]
    public async Task TheRoundTripLimit_EndsTheExecution()
    {
        var h = new ProgrammaticHarness(new ProgrammaticOptions { MaxRoundTrips = 2 });
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        ProgrammaticStep step;
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        step = await start;
        for (var round = 0; round < 2; round++)
        {
            var calls = Assert.IsType<ToolCallsStep>(step);
            _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
            step = (await h.Executor.ContinueAsync(calls.ContinuationToken, "key:owner", [Ok(calls.Calls[0].Id, "1")], null, default)).Step!;
        }

        Assert.Equal(ProgrammaticFailure.TooManyRoundTrips, Assert.IsType<FinishedStep>(step).Failure);
    }

    [Fact]
    public async Task AnAbandonedExecution_IsKilledAndTornDown_AndItsTokenIsGone()
    {
        var h = new ProgrammaticHarness(new ProgrammaticOptions { ResultWaitSeconds = 1 });
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        var step = Assert.IsType<ToolCallsStep>(await start);

        await ProgrammaticHarness.WaitForAsync(() => job.Disposed && h.Executor.Live == 0, "the abandoned execution is torn down");

        Assert.True(job.Run.Disposed);
        Assert.True(job.Channel.Disposed);
        Assert.Equal(0, h.Executor.Live);
        var late = await h.Executor.ContinueAsync(step.ContinuationToken, "key:owner", [Ok(step.Calls[0].Id, "1")], null, default);
        Assert.Equal(ContinuationStatus.NotFound, late.Status);
    }

    [Fact]
    public async Task Cancel_ByRequestId_EndsAPausedExecution_OnlyForItsCaller()
    {
        var h = new ProgrammaticHarness();
        var request = ProgrammaticHarness.Request();
        var start = h.Executor.StartAsync(request, default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        await start;

        Assert.False(await h.Executor.CancelAsync(request.RequestId!, "key:someone-else"));
        Assert.False(job.Disposed);
        Assert.True(await h.Executor.CancelAsync(request.RequestId!, "key:owner"));

        Assert.True(job.Disposed);
        Assert.Equal(0, h.Executor.Live);
    }

    [Fact]
    public async Task LiveExecutions_AreCapped()
    {
        var h = new ProgrammaticHarness(new ProgrammaticOptions { MaxExecutions = 1 });
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        _ = job.Channel.SendAsync("""{"calls":[{"name":"get_weather","input":{}}]}""");
        await start;

        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => h.Executor.StartAsync(ProgrammaticHarness.Request(), default));
        Assert.Equal(ExecutionError.QueueFull, refused.Error);
    }

    [Fact]
    public async Task AProgramThatNeverCallsATool_Completes()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(), default);
        var job = await h.JobAsync();
        job.Run.Exit(0, "no tools\n");

        var finished = Assert.IsType<FinishedStep>(await start);

        Assert.Equal(ProgrammaticFailure.None, finished.Failure);
        Assert.Equal("no tools\n", finished.Outcome.Stdout);
        Assert.Equal(0, job.Run.Pauses);
    }

    [Fact]
    public async Task TheProgram_GetsItsRuntimeAndTools_InCode()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(tools: ["web-search", "class"]), default);
        var job = await h.JobAsync();

        Assert.Equal(["/usr/bin/python3", "/code/__codeapi_runner.py"], job.Command!.Command);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.CodeDir, "__codeapi_tools.json"))).RootElement;
        Assert.Equal(["web_search", "class_tool"], manifest.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("print(1)", File.ReadAllText(Path.Combine(job.CodeDir, "main.py")));
        Assert.Contains("PyCF_ALLOW_TOP_LEVEL_AWAIT", File.ReadAllText(Path.Combine(job.CodeDir, "__codeapi_runner.py")), StringComparison.Ordinal);
        job.Run.Exit();
        await start;
    }

    [Fact]
    public async Task ABashProgram_GetsOneFunctionPerTool_ThatSendsItsIdentifier()
    {
        var h = new ProgrammaticHarness();
        var start = h.Executor.StartAsync(ProgrammaticHarness.Request(language: "bash", tools: ["web-search", "done"]), default);
        var job = await h.JobAsync();

        Assert.Equal(["/usr/bin/bash", "/code/__codeapi_main.sh"], job.Command!.Command);
        var functions = File.ReadAllText(Path.Combine(job.CodeDir, "__codeapi_tools.sh"));
        Assert.Contains("web_search() { /usr/bin/python3 -I -S /code/__codeapi_call.py web_search \"$@\"; }", functions, StringComparison.Ordinal);
        Assert.Contains("export -f done_tool", functions, StringComparison.Ordinal);
        Assert.Equal(". /code/__codeapi_tools.sh\n. /code/main.sh\n", File.ReadAllText(Path.Combine(job.CodeDir, "__codeapi_main.sh")));
        job.Run.Exit();
        await start;
    }
}
