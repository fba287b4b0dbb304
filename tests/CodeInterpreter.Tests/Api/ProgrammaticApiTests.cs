using System.Text.Json;
using CodeInterpreter.Api;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Api.Programmatic;
using CodeInterpreter.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Execution.Workspaces;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http;

namespace CodeInterpreter.Tests.Api;

/// <summary>The /exec/programmatic request rules, the words of its errors, and the execution profiles.</summary>
public sealed class ProgrammaticApiTests
{
    private static ProgrammaticRequestBody Body(string json) => JsonSerializer.Deserialize(json, ApiJsonContext.Default.ProgrammaticRequestBody)!;

    private static int? StatusOf(string json, int maxTools = 100) =>
        (ProgrammaticRequestParser.Parse(Body(json), LanguageCatalog.Default, maxTools).Error as IStatusCodeHttpResult)?.StatusCode;

    [Fact]
    public void AFirstRequest_AsTheClientSendsIt_Parses()
    {
        var (run, tools, error) = ProgrammaticRequestParser.Parse(Body("""
            {"code":"print(await get_weather(city='x'))","tools":[{"name":"get_weather","description":"d","parameters":{"type":"object"}},
             {"name":"web-search"}],"session_id":"AAAAAAAAAAAAAAAAAAAAA","timeout":15000,"unknown":1}
            """), LanguageCatalog.Default, 100);
        Assert.Null(error);
        Assert.Equal("py", run!.Language.Code);
        Assert.Equal(15000, run.TimeoutMs);
        Assert.Equal([("get_weather", "get_weather"), ("web-search", "web_search")], tools!.Select(t => (t.Name, t.Identifier)));
    }

    [Fact]
    public void Bash_UsesBashIdentifiers_AndNoToolsIsFine()
    {
        var (run, tools, _) = ProgrammaticRequestParser.Parse(Body("""{"lang":"bash","code":"ls","tools":[{"name":"a.b"}]}"""),
            LanguageCatalog.Default, 100);
        Assert.Equal("bash", run!.Language.Code);
        Assert.Equal("a_b", Assert.Single(tools!).Identifier);
        Assert.Null(StatusOf("""{"lang":"bash","code":"ls","tools":[]}"""));
    }

    [Theory]
    [InlineData("""{"tools":[]}""")]
    [InlineData("""{"code":"","tools":[]}""")]
    [InlineData("""{"code":"x","lang":"js","tools":[]}""")]
    [InlineData("""{"code":"x","tools":[{"name":""}]}""")]
    [InlineData("""{"code":"x","tools":[{"name":"!!!"}]}""")]
    [InlineData("""{"code":"x","tools":[{"name":"a\nb"}]}""")]
    [InlineData("""{"code":"x","tools":[{"name":"web-search"},{"name":"web search"}]}""")]
    [InlineData("""{"code":"x","tools":[],"session_id":"../etc"}""")]
    [InlineData("""{"code":"x","tools":[],"files":[{"id":"x","session_id":"y","name":"a"}]}""")]
    public void BadRequests_Are400(string json) => Assert.Equal(400, StatusOf(json));

    [Fact]
    public void MoreToolsThanTheLimit_Is400()
    {
        var tools = string.Join(",", Enumerable.Range(0, 4).Select(i => $$"""{"name":"t{{i}}"}"""));
        Assert.Equal(400, StatusOf($$"""{"code":"x","tools":[{{tools}}]}""", maxTools: 3));
        Assert.Null(StatusOf($$"""{"code":"x","tools":[{{tools}}]}""", maxTools: 4));
    }

    private static FinishedStep Finished(ExecutionStatus status, ProgrammaticFailure failure = ProgrammaticFailure.None, string? detail = null,
        int? exitCode = null) => new(new ExecutionOutcome
        {
            SessionId = "AAAAAAAAAAAAAAAAAAAAA",
            Language = "py",
            Version = "3",
            Stdout = "",
            Stderr = "",
            Output = "",
            Files = [],
            Status = status,
            ExitCode = exitCode,
        }, failure, detail);

    [Theory]
    [InlineData(ExecutionStatus.Timeout, "Time limit exceeded")]
    [InlineData(ExecutionStatus.OutOfMemory, "Out of memory")]
    [InlineData(ExecutionStatus.StdoutLimit, "stdout length exceeded")]
    [InlineData(ExecutionStatus.StderrLimit, "stderr length exceeded")]
    public void Limits_UseTheWordsTheClientMaps(ExecutionStatus status, string error)
    {
        Assert.Equal(error, ProgrammaticResponseMapper.ErrorOf(Finished(status)));
        Assert.Equal(error, ExecStatusWire.LimitError(status));
    }

    [Fact]
    public void OtherEndings_UseTheClientsPatterns()
    {
        Assert.Null(ProgrammaticResponseMapper.ErrorOf(Finished(ExecutionStatus.Ok)));
        Assert.Matches(@"^Sandbox exited with code (?:-?\d{1,4}|unknown)$", ProgrammaticResponseMapper.ErrorOf(Finished(ExecutionStatus.RuntimeError, exitCode: 1)));
        Assert.Equal("Sandbox exited with code unknown", ProgrammaticResponseMapper.ErrorOf(Finished(ExecutionStatus.Internal)));
        Assert.Matches("^Sandbox requested an unregistered tool: .+$",
            ProgrammaticResponseMapper.ErrorOf(Finished(ExecutionStatus.Cancelled, ProgrammaticFailure.UnregisteredTool, "nope")));
        Assert.Equal("sandbox emitted an empty pending tool call block; aborting to avoid a tight retry loop",
            ProgrammaticResponseMapper.ErrorOf(Finished(ExecutionStatus.Cancelled, ProgrammaticFailure.EmptyBatch)));
    }

    [Fact]
    public void APartialDelivery_HasTheShapeTheClientAccepts()
    {
        var outcome = Finished(ExecutionStatus.Ok).Outcome;
        Assert.Equal(new ArtifactDeliveryBody("artifact_delivery_failed", "partial", 3, 1, 2),
            OutcomeWire.Delivery(outcome with { ArtifactDelivery = new ArtifactDelivery(3, 1, 2) }));
        Assert.Equal("failed", OutcomeWire.Delivery(outcome with { ArtifactDelivery = new ArtifactDelivery(2, 0, 2) })!.Status);
        Assert.Null(OutcomeWire.Delivery(outcome));
    }

    private static (RuntimeSessionSpec? Spec, int? Status, string Served) Resolve(RuntimeSessionMode mode, string? hint, string? expected = null)
    {
        var context = new DefaultHttpContext();
        context.Items[ApiKeyFilter.CallerItem] = "key:abc";
        if (expected is not null)
        {
            context.Request.Headers[RuntimeProfiles.ExpectedHeader] = expected;
        }
        var (spec, error) = RuntimeProfiles.Resolve(context, hint, null, mode);
        return (spec, (error as IStatusCodeHttpResult)?.StatusCode, context.Response.Headers[RuntimeProfiles.ServedHeader].ToString());
    }

    [Fact]
    public void AHint_AttachesTheCallersWorkspace_AndTheProfileIsEchoed()
    {
        var (spec, status, served) = Resolve(RuntimeSessionMode.Affinity, "conv-1", "stateful");
        Assert.Null(status);
        Assert.Equal(new RuntimeSessionSpec("key:abc", "conv-1"), spec);
        Assert.Equal("stateful", served);
        Assert.Equal("default", Resolve(RuntimeSessionMode.Affinity, null).Served);
    }

    [Fact]
    public void TheDefaultProfile_NeverAttachesAWorkspace() => Assert.Null(Resolve(RuntimeSessionMode.Affinity, "conv-1", "default").Spec);

    [Fact]
    public void AStatefulExpectation_ThatCannotBeServed_Is409()
    {
        Assert.Equal(409, Resolve(RuntimeSessionMode.Stateless, "conv-1", "stateful").Status);
        Assert.Equal(409, Resolve(RuntimeSessionMode.Strict, null, "stateful").Status);
        Assert.Null(Resolve(RuntimeSessionMode.Stateless, "conv-1").Status);
        Assert.Null(Resolve(RuntimeSessionMode.Stateless, "conv-1").Spec);
        Assert.Equal(400, Resolve(RuntimeSessionMode.Affinity, "conv/1").Status);
        Assert.Equal(400, Resolve(RuntimeSessionMode.Affinity, null, "warm").Status);
    }
}
