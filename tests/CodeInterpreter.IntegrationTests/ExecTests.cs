using System.Text;

namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class ExecTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly string[] _runFields =
        ["stdout", "stderr", "code", "signal", "output", "memory", "message", "status", "cpu_time", "wall_time"];

    [SandboxFact]
    public async Task Exec_Python_ReturnsFlatAndPistonShapedReply()
    {
        var reply = await Client.ExecAsync("py", "print('hello')");

        Contract.AssertId(reply["session_id"]);
        Assert.Equal("hello\n", reply.Str("stdout"));
        Assert.Equal("", reply.Str("stderr"));
        Assert.Empty(reply.Files());
        var run = Assert.IsType<JsonObject>(reply["run"]);
        foreach (var field in _runFields)
        {
            Assert.True(run.ContainsKey(field), $"run.{field} missing: {run.ToJsonString()}");
        }
        Assert.Equal("hello\n", run.Str("stdout"));
        Assert.Equal(0, run["code"]!.GetValue<int>());
        Assert.Null(run["signal"]);
        Assert.Null(run["status"]);
        Assert.False(string.IsNullOrEmpty(reply.Str("language")));
        Assert.False(string.IsNullOrEmpty(reply.Str("version")));
    }

    [SandboxFact]
    public async Task Exec_TwoRuns_GetDistinctSessionIds()
    {
        var first = await Client.ExecAsync("bash", "true");
        var second = await Client.ExecAsync("bash", "true");

        Assert.NotEqual(first.Str("session_id"), second.Str("session_id"));
    }

    [SandboxTheory]
    [InlineData("py", "print(6*7)")]
    [InlineData("python", "print(6*7)")]
    [InlineData("js", "console.log(6*7)")]
    [InlineData("node", "console.log(6*7)")]
    [InlineData("javascript", "console.log(6*7)")]
    [InlineData("bash", "echo $((6*7))")]
    [InlineData("sh", "echo $((6*7))")]
    public async Task Exec_LanguageAndAlias_RunsProgram(string lang, string code)
    {
        var reply = await Client.ExecAsync(lang, code);

        reply.AssertRan("42\n");
    }

    [SandboxTheory]
    [InlineData("py", "import sys; print(sys.argv[1:])", "['hello world', 'x']\n")]
    [InlineData("js", "console.log(JSON.stringify(process.argv.slice(2)))", "[\"hello world\",\"x\"]\n")]
    [InlineData("bash", "printf '%s|' \"$1\" \"$2\"; echo \"$#\"", "hello world|x|2\n")]
    public async Task Exec_ArgsArray_ReachArgv(string lang, string code, string expected)
    {
        var body = ServiceApi.ExecBody(lang, code);
        body["args"] = new JsonArray("hello world", "x");

        var reply = await Client.ExecAsync(body);

        reply.AssertRan(expected);
    }

    [SandboxFact]
    public async Task Exec_ArgsAsSingleString_ReachesArgv()
    {
        var body = ServiceApi.ExecBody("py", "import sys; print(sys.argv[1:])");
        body["args"] = "single";

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("['single']\n");
    }

    [SandboxTheory]
    [InlineData("py", "import os; print(os.getcwd())")]
    [InlineData("js", "console.log(process.cwd())")]
    [InlineData("bash", "pwd")]
    public async Task Exec_WorkingDirectory_IsMntData(string lang, string code)
    {
        var reply = await Client.ExecAsync(lang, code);

        reply.AssertRan("/mnt/data\n");
    }

    [SandboxFact]
    public async Task Exec_UnknownFieldsInBody_AreIgnored()
    {
        var body = ServiceApi.ExecBody("py", "print('ok')");
        body["LIBRECHAT_CODE_API_KEY"] = Service.Keys[0];
        body["codeSessionKey"] = "conv-1";
        body["environmentId"] = "env-1";
        body["user_id"] = "user_itest";
        body["entity_id"] = "asst_itest";
        body["runtime_session_hint"] = "conv-1";

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("ok\n");
    }

    [SandboxFact]
    public async Task Exec_UnderV1Prefix_RunsProgram()
    {
        var reply = await V1.ExecAsync("py", "print('v1')");

        reply.AssertRan("v1\n");
    }

    [SandboxFact]
    public async Task Exec_PythonException_Returns200WithTracebackAndNoFiles()
    {
        const string Code = """
            open('partial.txt', 'w').write('half done')
            raise ValueError('boom')
            """;

        var reply = await Client.ExecAsync("py", Code);

        Assert.Contains("Traceback", reply.Str("stderr"));
        Assert.Contains("ValueError: boom", reply.Str("stderr"));
        Assert.Equal(1, reply["run"]!["code"]!.GetValue<int>());
        Assert.Empty(reply.Files());
    }

    [SandboxFact]
    public async Task Exec_NodeNonZeroExit_ReportsExitCodeAndStderr()
    {
        var reply = await Client.ExecAsync("js", "process.stderr.write('bad\\n'); process.exit(3)");

        Assert.Contains("bad", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal(3, reply["run"]!["code"]!.GetValue<int>());
        Assert.Empty(reply.Files());
    }

    [Theory]
    [InlineData("brainfuck")]
    [InlineData("cobol")]
    public async Task Exec_UnsupportedLanguage_Returns400WithExactMessage(string lang)
    {
        using var response = await Client.PostExecAsync(ServiceApi.ExecBody(lang, "int main(){return 0;}"));

        var body = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal($"Unsupported language: {lang}", body.Str("error"));
    }

    [Fact]
    public async Task Exec_UnsupportedLanguageUnderV1_Returns400()
    {
        using var response = await V1.PostExecAsync(ServiceApi.ExecBody("cobol", "x"));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Exec_MalformedJson_Returns400()
    {
        using var content = new StringContent("{\"lang\": \"py\", \"code\": ", Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("exec", content);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Exec_MissingCode_Returns400()
    {
        using var response = await Client.PostExecAsync(new JsonObject { ["lang"] = "py" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Exec_MissingLang_Returns400()
    {
        using var response = await Client.PostExecAsync(new JsonObject { ["code"] = "print(1)" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Exec_BodyOverTheLimit_Returns413()
    {
        var code = "# " + new string('x', 5 * 1024 * 1024);
        using var response = await Client.PostExecAsync(ServiceApi.ExecBody("py", code));

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        await Client.AssertStillServingAsync();
    }

    [Fact]
    public async Task Exec_BadFileRefId_Returns400()
    {
        var body = ServiceApi.ExecBody("py", "print(1)");
        body["files"] = new JsonArray(new JsonObject { ["id"] = "../../etc/passwd", ["session_id"] = "AAAAAAAAAAAAAAAAAAAAA", ["name"] = "x" });
        using var response = await Client.PostExecAsync(body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }
}
