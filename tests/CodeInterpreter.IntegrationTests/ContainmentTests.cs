namespace CodeInterpreter.IntegrationTests;

/// <summary>Hostile programs through the real API: each attack must fail and the service must serve the next run.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ContainmentTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const int StrayProcessAllowance = 50;

    [SandboxFact]
    public async Task Exec_InfiniteLoopWithRequestTimeout_TimesOutAndNextRunSucceeds()
    {
        var body = ServiceApi.ExecBody("py", "while True: pass");
        body["timeout"] = 2000;

        var reply = await Client.ExecAsync(body);

        Assert.Contains("Execution timed out after 2 s", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("TO", reply["run"].Str("status"));
        await AssertNextRunSucceedsAsync();
    }

    [SandboxTheory]
    [InlineData("py", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n")]
    [InlineData("bash", ":(){ :|:& };:")]
    public async Task Exec_ForkBomb_IsContainedAndNextRunSucceeds(string lang, string code)
    {
        var baseline = HostProcess.Count();
        var body = ServiceApi.ExecBody(lang, code);
        body["timeout"] = 5000;

        await Client.ExecAsync(body);

        await Poll.UntilAsync(HostProcess.Count, left => left <= baseline + StrayProcessAllowance, TimeSpan.FromSeconds(15),
            $"the host's process count back within {StrayProcessAllowance} of its {baseline} before the bomb");
        await AssertNextRunSucceedsAsync();
    }

    [SandboxFact]
    public async Task Exec_ConnectToInternet_IsRefused()
    {
        var reply = await Client.ExecAsync("py", ConnectProgram("1.1.1.1", 53));

        Assert.Contains("BLOCKED", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.DoesNotContain("CONNECTED", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertNextRunSucceedsAsync();
    }

    [SandboxFact]
    public async Task Exec_ConnectToServiceItself_IsRefused()
    {
        var reply = await Client.ExecAsync("py", ConnectProgram("127.0.0.1", Service.Port));

        Assert.Contains("BLOCKED", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.DoesNotContain("CONNECTED", reply.Str("stdout"), StringComparison.Ordinal);
        await AssertNextRunSucceedsAsync();
    }

    [SandboxFact]
    public async Task Exec_ReadingEnvironmentAndProc_DoesNotRevealApiKeys()
    {
        const string Code = """
            import glob, os
            out = [repr(dict(os.environ))]
            paths = ['/proc/1/environ', '/proc/self/environ', '/proc/1/cmdline']
            paths += glob.glob('/proc/[0-9]*/environ') + glob.glob('/proc/[0-9]*/cmdline')
            for p in paths:
                try:
                    out.append(open(p, 'rb').read().decode('latin-1'))
                except OSError as e:
                    out.append(f'{p}: {e}')
            print('\n'.join(out))
            """;

        var reply = await Client.ExecAsync("py", Code);

        Assert.Equal(0, reply["run"]!["code"]!.GetValue<int>());
        var everything = reply.ToJsonString();
        foreach (var key in Service.Keys)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }
    }

    [SandboxFact]
    public async Task Exec_ServiceDataDir_IsNotVisible()
    {
        var reply = await Client.ExecAsync("py", $"import os; print(os.path.exists({Python(Service.DataDir)}))");

        reply.AssertRan("False\n");
    }

    [SandboxFact]
    public async Task Exec_SymlinkToHostFile_IsNotListedOrDownloadable()
    {
        const string Code = """
            import os
            os.symlink('/etc/passwd', 'leak.txt')
            os.symlink('/etc', 'etcdir')
            os.symlink('/proc/self/environ', 'env.txt')
            open('ok.txt', 'w').write('fine')
            """;

        var reply = await Client.ExecAsync("py", Code);

        var sid = reply.Str("session_id");
        reply.FileNamed("ok.txt");
        var listed = Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=normalized"));
        foreach (var file in reply.Files().Concat(listed))
        {
            var name = file.Str("name");
            Assert.True(name == "ok.txt", $"unexpected output {file!.ToJsonString()}");
            var bytes = await Client.DownloadAsync(sid, file.Str("id"));
            Assert.Equal("fine"u8.ToArray(), bytes);
        }
    }

    [SandboxFact]
    public async Task Exec_OutputFlood_IsTruncatedWithNoteAndNextRunSucceeds()
    {
        var body = ServiceApi.ExecBody("py", "while True: print('x' * 1000)");
        body["timeout"] = 10000;

        var reply = await Client.ExecAsync(body);

        Assert.InRange(reply.Str("stdout").Length, 1, 1 << 20);
        Assert.InRange(reply["run"].Str("output").Length, 0, 2 << 20);
        Assert.Contains("truncated", reply.Str("stderr"), StringComparison.OrdinalIgnoreCase);
        await AssertNextRunSucceedsAsync();
    }

    [SandboxFact]
    public async Task Exec_FilesInTmp_AreGoneInTheNextRun()
    {
        var marker = $"/tmp/itest-{Guid.NewGuid():N}";
        var first = await Client.ExecAsync("py", $"import os; open({Python(marker)}, 'w').write('x'); print(os.path.exists({Python(marker)}))");
        first.AssertRan("True\n");
        var body = ServiceApi.ExecBody("py", $"import os; print(os.path.exists({Python(marker)}))");
        body["session_id"] = first.Str("session_id");

        var second = await Client.ExecAsync(body);

        second.AssertRan("False\n");
        Assert.False(File.Exists(marker), "the sandbox's /tmp leaked onto the host's /tmp");
    }

    private static string ConnectProgram(string host, int port) => $"""
        import socket
        try:
            socket.create_connection(({Python(host)}, {port}), timeout=3).close()
            print('CONNECTED')
        except OSError as e:
            print('BLOCKED', e)
        """;

    private static string Python(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private Task AssertNextRunSucceedsAsync() => Client.AssertStillServingAsync();
}
