using System.Text;

namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>The same five programs in every language (<see cref="LanguagePrograms"/>), through the real service.</summary>
[Collection(ServiceCollection.Name)]
public sealed class LanguageMatrixTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    public static TheoryData<string> Codes => LanguagePrograms.Codes;

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Exec_SumOneToTen_Prints55(string lang)
    {
        var program = await RequireAsync(lang);

        var reply = await Client.ExecAsync(lang, program.Sum);

        reply.AssertRan("55\n");
        Assert.Equal(0, reply["exit_code"]?.GetValue<int>());
        Assert.Null(reply["status"]);
        Assert.Equal(lang, reply.Str("language"));
        Assert.False(string.IsNullOrWhiteSpace(reply.Str("version")), reply.ToJsonString());
        // Neither the source nor a compiled artifact is an output file.
        Assert.Empty(reply.Files());
    }

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Exec_Args_ReachArgvWithSpacesKept(string lang)
    {
        var program = await RequireAsync(lang);
        var body = ServiceApi.ExecBody(lang, program.EchoArgs);
        body["args"] = new JsonArray("alpha", "beta gamma");

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("alpha\nbeta gamma\n");
    }

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Exec_WritesFile_ListedAndDownloadableByteExact(string lang)
    {
        var program = await RequireAsync(lang);

        var reply = await Client.ExecAsync(lang, program.WriteFile);

        reply.AssertRan("");
        var file = Assert.Single(reply.Files())!.AsObject();
        Assert.Equal("out.txt", file.Str("name"));
        var bytes = await Client.DownloadAsync(Contract.AssertId(reply["session_id"]), Contract.AssertId(file["id"]));
        Assert.Equal(LanguagePrograms.OutTxtContent, Encoding.UTF8.GetString(bytes));
    }

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Exec_CompileOrSyntaxError_ReportsDiagnosticsAndRunsNothing(string lang)
    {
        var program = await RequireAsync(lang);

        var reply = await Client.ExecAsync(lang, program.CompileError);

        var stderr = reply.Str("stderr");
        Assert.True(stderr.Contains(program.CompileErrorMarker, StringComparison.Ordinal),
            $"stderr lacks '{program.CompileErrorMarker}': {reply.ToJsonString()}");
        Assert.Equal("", reply.Str("stdout"));
        Assert.Empty(reply.Files());
        var run = Assert.IsType<JsonObject>(reply["run"]);
        if (program.Compiled)
        {
            Assert.Equal("CE", reply.Str("status"));
            Assert.Equal("CE", run.Str("status"));
            Assert.Equal("Compilation failed", run.Str("message"));
        }
        else
        {
            Assert.True(run["code"]?.GetValue<int>() is { } code && code != 0, $"a syntax error exited 0: {reply.ToJsonString()}");
        }
    }

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Exec_RuntimeError_ExitsNonZeroWithStderrAndNoFiles(string lang)
    {
        var program = await RequireAsync(lang);

        var reply = await Client.ExecAsync(lang, program.RuntimeError);

        Assert.True(reply.Str("stderr").Contains(program.RuntimeErrorMarker, StringComparison.Ordinal),
            $"stderr lacks '{program.RuntimeErrorMarker}': {reply.ToJsonString()}");
        var code = reply["run"]?["code"]?.GetValue<int>();
        Assert.True(code is not null and not 0, $"run.code is {code?.ToString() ?? "null"}: {reply.ToJsonString()}");
        Assert.Equal(code, reply["exit_code"]?.GetValue<int>());
        // A runtime error is not a compile error.
        Assert.Equal("RE", reply["run"].Str("status"));
        Assert.Empty(reply.Files());
    }

    [LanguageTheory]
    [InlineData("python", "py")]
    [InlineData("node", "js")]
    [InlineData("javascript", "js")]
    [InlineData("typescript", "ts")]
    [InlineData("c++", "cpp")]
    [InlineData("rust", "rs")]
    [InlineData("golang", "go")]
    [InlineData("fortran", "f90")]
    [InlineData("sh", "bash")]
    public async Task Exec_Alias_RunsTheLanguage(string alias, string lang)
    {
        var program = await RequireAsync(lang);

        var reply = await Client.ExecAsync(alias, program.Sum);

        reply.AssertRan("55\n");
        Assert.Equal(lang, reply.Str("language"));
    }

    private async Task<LanguageProgram> RequireAsync(string lang)
    {
        await LanguageAvailability.RequireAsync(Client, lang);
        return LanguagePrograms.Get(lang);
    }
}
