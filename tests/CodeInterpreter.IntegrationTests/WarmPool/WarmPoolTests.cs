namespace CodeInterpreter.IntegrationTests.WarmPool;

/// <summary>
/// A Python run served by a warm sandbox (numpy, pandas and matplotlib preloaded) must behave exactly like a cold one.
/// Each test waits until /health shows a warm sandbox ready, runs, and checks the run was a pool hit.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class WarmPoolTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private async Task<JsonObject> PoolAsync() => (await Client.GetJsonAsync("health"))["warm_pool"]!.AsObject();

    /// <summary>Runs <paramref name="body"/> on a warm sandbox and asserts that it was one.</summary>
    private async Task<JsonObject> ExecWarmAsync(JsonObject body)
    {
        await Poll.UntilAsync(PoolAsync, pool => pool.Num("py_ready") >= 1, TimeSpan.FromSeconds(60), "a ready warm sandbox");
        var hits = (await PoolAsync()).Num("hits");
        var reply = await Client.ExecAsync(body);
        Assert.Equal(hits + 1, (await PoolAsync()).Num("hits"));
        return reply;
    }

    private Task<JsonObject> ExecWarmAsync(string code, params string[] args)
    {
        var body = ServiceApi.ExecBody("py", code);
        body["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]);
        return ExecWarmAsync(body);
    }

    [SandboxFact]
    public async Task Warm_RunsAsMain_WithArgvCwdPathAndEmptyStdin()
    {
        const string Code = """
            import os, sys
            print(__name__, __file__, sys.argv[1:], os.getcwd(), sys.path[0], repr(sys.stdin.read()))
            print(sorted(k for k in globals() if not k.startswith('__')))
            """;
        var reply = await ExecWarmAsync(Code, "a b", "c");
        reply.AssertRan("__main__ /code/main.py ['a b', 'c'] /mnt/data /code ''\n['os', 'sys']\n");
    }

    [SandboxFact]
    public async Task Warm_PandasAndMatplotlib_AreThere_AndAPlotIsSaved()
    {
        const string Code = """
            import pandas as pd, matplotlib.pyplot as plt
            df = pd.DataFrame({"x": [1, 2, 3]})
            df.plot()
            plt.savefig("plot.png")
            print(int(df.x.sum()))
            """;
        var reply = await ExecWarmAsync(Code);
        reply.AssertRan("6\n");
        var png = await Client.DownloadAsync(reply.Str("session_id"), reply.FileNamed("plot.png").Str("id"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [SandboxFact]
    public async Task Warm_SysExit_KeepsItsCode()
    {
        var reply = await ExecWarmAsync("import sys\nprint('bye')\nsys.exit(3)");
        Assert.Equal(3, reply.Num("exit_code"));
        Assert.Equal("bye\n", reply.Str("stdout"));
        Assert.Equal("RE", reply.Str("status"));
    }

    [SandboxFact]
    public async Task Warm_UncaughtException_ShowsOnlyTheProgramsFrames()
    {
        var reply = await ExecWarmAsync("def f():\n    raise ValueError('boom')\nf()");
        Assert.Equal(1, reply.Num("exit_code"));
        var stderr = reply.Str("stderr");
        Assert.StartsWith("Traceback (most recent call last):\n  File \"/code/main.py\", line 3, in <module>", stderr, StringComparison.Ordinal);
        Assert.EndsWith("ValueError: boom\n", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("runpy", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("<string>", stderr, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Warm_SyntaxError_LooksLikeTheInterpreters()
    {
        var reply = await ExecWarmAsync("print(");
        Assert.Equal(1, reply.Num("exit_code"));
        Assert.StartsWith("  File \"/code/main.py\", line 1", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Contains("SyntaxError", reply.Str("stderr"), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Warm_ThreadsAtexitAndFilesLeftOpen_FinishAsInACleanExit()
    {
        const string Code = """
            import atexit, threading, time
            out = open("left-open.txt", "w")
            out.write("flushed")
            atexit.register(lambda: print("atexit"))
            threading.Thread(target=lambda: (time.sleep(0.3), print("thread"))).start()
            """;
        var reply = await ExecWarmAsync(Code);
        reply.AssertRan("thread\natexit\n");
        var file = await Client.DownloadAsync(reply.Str("session_id"), reply.FileNamed("left-open.txt").Str("id"));
        Assert.Equal("flushed"u8.ToArray(), file);
    }

    [SandboxFact]
    public async Task Warm_Timeout_CountsFromTheCodeNotTheWarmUp()
    {
        var body = ServiceApi.ExecBody("py", "import time\ntime.sleep(30)");
        body["timeout"] = 1500;
        var reply = await ExecWarmAsync(body);
        Assert.Equal("TO", reply.Str("status"));
        Assert.Contains("timed out after 1.5 s", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.InRange(reply.Num("wall_time_ms"), 1400, 10_000);
    }

    [SandboxFact]
    public async Task Warm_InputFiles_AreInMntData()
    {
        var upload = await Client.UploadAsync("data.csv", "a,b\n1,2\n");
        var body = ServiceApi.ExecBody("py", "import pandas as pd\nprint(pd.read_csv('data.csv').sum().sum())");
        body["files"] = new JsonArray(new JsonObject
        {
            ["id"] = upload.Files()[0].Str("fileId"), ["session_id"] = upload.Str("session_id"), ["name"] = "data.csv",
        });
        var reply = await ExecWarmAsync(body);
        reply.AssertRan("3\n");
    }

    [SandboxFact]
    public async Task Pool_RefillsAfterUse()
    {
        await ExecWarmAsync("print(1)");
        var pool = await Poll.UntilAsync(PoolAsync, current => current.Num("py_ready") == current.Num("py_target"), TimeSpan.FromSeconds(60),
            "the pool refilled to its target");
        Assert.Equal(0, pool.Num("failures"));
    }
}
