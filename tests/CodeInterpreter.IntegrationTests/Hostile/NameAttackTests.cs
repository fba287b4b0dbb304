using System.Globalization;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// File names that pass a check in characters but not the kernel's in bytes, and names that disguise themselves with
/// Unicode format characters (bidi overrides, zero-width characters): refused at every entry point (upload, exec file
/// refs, output collection), so no reply, listing or note ever carries one.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class NameAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    /// <summary>128 characters, 256 bytes: one byte over the kernel's NAME_MAX.</summary>
    private static readonly string s_longInBytes = new('é', 128);

    public static TheoryData<string> DisguisedNames => new() { "report\u202Efdp.exe", "zero\u200Bwidth.txt", "\uFEFFbom.txt", "isolate\u2067x.txt" };

    [Fact]
    public async Task Upload_NameOver255Utf8Bytes_Is400AndNothingIsStored()
    {
        using var form = ServiceApi.Form([], ServiceApi.FilePart("x"u8.ToArray(), "placeholder"));
        ReplaceWithFilenameStar(form, s_longInBytes);
        var storedBefore = StoredFiles();

        using var response = await Client.PostFormAsync("upload", form);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("255 bytes", error.Str("message"), StringComparison.Ordinal);
        Assert.Equal(storedBefore, StoredFiles());
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task Exec_FileRefNameOver255Utf8Bytes_Is400NotA500()
    {
        var body = ServiceApi.ExecBody("bash", "ls /mnt/data");
        body["files"] = new JsonArray(new JsonObject { ["id"] = Hostile.Canary.FileId, ["session_id"] = Hostile.Canary.SessionId, ["name"] = s_longInBytes });

        using var response = await Client.PostExecAsync(body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("255 bytes", error.Str("message"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [Theory]
    [MemberData(nameof(DisguisedNames))]
    public async Task Upload_NameWithFormatCharacters_Is400AndTheReplyDoesNotEchoIt(string name)
    {
        using var form = ServiceApi.Form([], ServiceApi.FilePart("x"u8.ToArray(), "placeholder"));
        ReplaceWithFilenameStar(form, name);

        using var response = await Client.PostFormAsync("upload", form);

        var json = await response.Content.ReadAsStringAsync();
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        AssertNoFormatCharacters(JsonNode.Parse(json));
    }

    [Theory]
    [MemberData(nameof(DisguisedNames))]
    public async Task Exec_FileRefWithFormatCharacters_Is400(string name)
    {
        var body = ServiceApi.ExecBody("bash", "ls /mnt/data");
        body["files"] = new JsonArray(new JsonObject { ["id"] = Hostile.Canary.FileId, ["session_id"] = Hostile.Canary.SessionId, ["name"] = name });

        using var response = await Client.PostExecAsync(body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [SandboxFact]
    public async Task Exec_OutputsNamedWithFormatCharactersOrOverTheByteBudget_AreSkippedWithANote()
    {
        var reply = await AttackAsync("outputs/format_names.py");

        Assert.Contains("DONE", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Equal(["plain.txt"], reply.Files().Select(f => f.Str("name")));
        var stderr = reply.Str("stderr");
        Assert.Equal(4, stderr.Split('\n').Count(l => l.Contains("invisible formatting character", StringComparison.Ordinal)));
        Assert.Contains("'report?fdp.exe' was not kept", stderr, StringComparison.Ordinal);
        Assert.Contains("longer than 512 bytes", stderr, StringComparison.Ordinal);
        AssertNoFormatCharacters(reply);
        AssertNoFormatCharacters(await Client.GetJsonAsync($"files/{reply.Str("session_id")}?detail=full"));
        await AssertAftermathAsync();
    }

    private int StoredFiles() => Directory.EnumerateFiles(Path.Combine(Service.DataDir, "files"), "*", SearchOption.AllDirectories).Count();

    /// <summary>Sends the name as RFC 5987 <c>filename*</c>, as browsers and LibreChat do for non-ASCII names.</summary>
    private static void ReplaceWithFilenameStar(MultipartFormDataContent form, string name)
    {
        var part = form.Last();
        part.Headers.Remove("Content-Disposition");
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
    }

    /// <summary>Every string in the JSON, keys included, is free of format (Cf) characters.</summary>
    private static void AssertNoFormatCharacters(JsonNode? node)
    {
        var text = new StringBuilder();
        Collect(node, text);
        var found = text.ToString().EnumerateRunes().Where(r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Format).ToList();
        Assert.True(found.Count == 0, $"format characters in the reply: {string.Join(", ", found.Select(r => $"U+{r.Value:X4}"))}");
    }

    private static void Collect(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    text.Append(key);
                    Collect(value, text);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, text);
                }
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                text.Append(s);
                break;
        }
    }
}
