using System.Text.Json;
using CodeInterpreter.Api;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Http;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http;

namespace CodeInterpreter.Tests.Api;

public sealed class ExecRequestParserTests
{
    private const string Sid = "AAAAAAAAAAAAAAAAAAAAA";
    private const string Fid = "BBBBBBBBBBBBBBBBBBBBB";

    private static ExecRequestBody Body(string json) => JsonSerializer.Deserialize(json, ApiJsonContext.Default.ExecRequestBody)!;

    private static int? StatusOf(string json) =>
        (ExecRequestParser.Parse(Body(json), LanguageCatalog.Default).Error as IStatusCodeHttpResult)?.StatusCode;

    [Fact]
    public void GenA_Body_WithUnknownFieldsAndRefs_Parses()
    {
        var (request, error) = ExecRequestParser.Parse(Body($$"""
            {"lang":"py","code":"print(1)","args":["a","b"],"LIBRECHAT_CODE_API_KEY":"secret","extra":{"x":1},
             "files":[{"id":"{{Fid}}","session_id":"{{Sid}}","name":"data.csv"}]}
            """), LanguageCatalog.Default);
        Assert.Null(error);
        Assert.Equal("py", request!.Language.Code);
        Assert.Equal(["a", "b"], request.Args);
        var file = Assert.Single(request.Files);
        Assert.Equal((Fid, Sid, "data.csv"), (file.Id, file.SessionId, file.Name));
    }

    [Fact]
    public void GenC_Ref_UsesStorageSessionId()
    {
        var (request, _) = ExecRequestParser.Parse(Body($$"""
            {"lang":"python","code":"x","files":[{"id":"{{Fid}}","storage_session_id":"{{Sid}}","name":"a.txt","resource_id":"r","kind":"user","version":2}]}
            """), LanguageCatalog.Default);
        Assert.Equal(Sid, Assert.Single(request!.Files).SessionId);
        Assert.Equal("py", request.Language.Code);
    }

    [Fact]
    public void Args_AsOneString_AreSplitOnWhitespace()
    {
        var (request, _) = ExecRequestParser.Parse(Body("""{"lang":"bash","code":"x","args":"--verbose  -n 3"}"""), LanguageCatalog.Default);
        Assert.Equal(["--verbose", "-n", "3"], request!.Args);
    }

    [Theory]
    [InlineData("""{"code":"x"}""")]
    [InlineData("""{"lang":"py"}""")]
    [InlineData("""{"lang":"cobol","code":"x"}""")]
    [InlineData("""{"lang":"py","code":"x","session_id":"../../etc"}""")]
    [InlineData("""{"lang":"py","code":"x","files":[{"id":"short","session_id":"AAAAAAAAAAAAAAAAAAAAA"}]}""")]
    [InlineData("""{"lang":"py","code":"x","files":[{"id":"BBBBBBBBBBBBBBBBBBBBB","session_id":"AAAAAAAAAAAAAAAAAAAAA","name":"../x"}]}""")]
    [InlineData("""{"lang":"py","code":"x","files":[null]}""")]
    public void BadBodies_Are400(string json) => Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(json));

    [Fact]
    public void UnknownLanguage_NamesIt()
    {
        var (_, error) = ExecRequestParser.Parse(Body("""{"lang":"cobol","code":"x"}"""), LanguageCatalog.Default);
        Assert.Equal("Unsupported language: cobol", ((ErrorBody)error!.Value!).Error);
    }

    [Theory]
    [InlineData(1, 33 * 1024)]
    [InlineData(257, 1)]
    [InlineData(5, 30 * 1024)]
    public void Args_OverTheCaps_Are400(int count, int length)
    {
        var args = string.Join(',', Enumerable.Repeat($"\"{new string('a', length)}\"", count));

        Assert.Equal(400, StatusOf($$"""{"lang":"bash","code":"x","args":[{{args}}]}"""));
    }

    [Fact]
    public void Args_AreCountedInUtf8Bytes()
    {
        // 16,400 characters, 32,800 bytes: over the per-argument cap although under it in characters.
        Assert.Equal(400, StatusOf($$"""{"lang":"bash","code":"x","args":["{{new string('é', 16_400)}}"]}"""));
        Assert.Null(StatusOf($$"""{"lang":"bash","code":"x","args":["{{new string('é', 16_000)}}"]}"""));
    }
}
