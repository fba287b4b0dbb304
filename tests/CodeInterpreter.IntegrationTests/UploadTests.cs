using System.Text;

namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class UploadTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly byte[] _csv = "a,b\n1,2\n"u8.ToArray();

    [Fact]
    public async Task Upload_GenAFields_ReturnsUnionShape()
    {
        var reply = await Client.UploadAsync("data.csv", _csv);

        AssertUploadReply(reply, "data.csv", _csv.Length);
    }

    [Fact]
    public async Task Upload_GenCFields_ReturnsUnionShape()
    {
        using var form = ServiceApi.Form([("kind", "user"), ("id", "file_6f1c"), ("version", "1"), ("read_only", "false")],
            ServiceApi.FilePart(_csv, "data.csv"));

        var reply = await Client.PostFormOkAsync("upload", form);

        AssertUploadReply(reply, "data.csv", _csv.Length);
    }

    [Fact]
    public async Task Upload_FilesPartName_IsAccepted()
    {
        using var form = ServiceApi.Form([], ServiceApi.FilePart(_csv, "data.csv", partName: "files"));

        var reply = await Client.PostFormOkAsync("upload", form);

        AssertUploadReply(reply, "data.csv", _csv.Length);
    }

    [Fact]
    public async Task Upload_UnderV1Prefix_ReturnsUnionShape()
    {
        var reply = await V1.UploadAsync("data.csv", _csv);

        AssertUploadReply(reply, "data.csv", _csv.Length);
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns4xxWithError()
    {
        using var response = await Client.PostAsync("upload", JsonContent.Create(new JsonObject { ["file"] = "x" }));

        await response.AssertClientErrorAsync();
    }

    [Fact]
    public async Task Upload_MultipartWithoutFilePart_Returns4xxWithError()
    {
        using var form = ServiceApi.Form([("entity_id", "asst_itest")]);
        using var response = await Client.PostFormAsync("upload", form);

        await response.AssertClientErrorAsync();
    }

    [Theory]
    [InlineData("../{0}.txt", false)]
    [InlineData("/etc/{0}.txt", false)]
    [InlineData("dir/../../{0}.txt", false)]
    [InlineData("a%00{0}.txt", true)]
    public async Task Upload_TraversalOrNulName_Returns400AndStoresNothing(string pattern, bool percentEncoded)
    {
        var marker = "itest" + Guid.NewGuid().ToString("N");
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, marker);
        var content = Encoding.UTF8.GetBytes(marker);
        var part = new ByteArrayContent(content);
        var filename = percentEncoded ? $"filename*=UTF-8''{name}" : $"filename=\"{name}\"";
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; {filename}");
        using var form = ServiceApi.Form([], part);

        using var response = await Client.PostFormAsync("upload", form);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.False(File.Exists($"/etc/{marker}.txt"));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(Service.DataDir)!, $"{marker}.txt")));
        Assert.Empty(FilesContaining(Service.DataDir, content));
    }

    [Fact]
    public async Task UploadBatch_ManyFileParts_AllSucceed()
    {
        using var form = ServiceApi.Form([("kind", "user"), ("id", "file_6f1c")],
            ServiceApi.FilePart("1"u8.ToArray(), "one.txt"), ServiceApi.FilePart("22"u8.ToArray(), "two.txt"),
            ServiceApi.FilePart("333"u8.ToArray(), "dir/three.txt"));

        var reply = await Client.PostFormOkAsync("upload/batch", form);

        Assert.Equal("success", reply.Str("message"));
        var sid = Contract.AssertId(reply["session_id"]);
        Assert.Equal(sid, reply.Str("storage_session_id"));
        Assert.Equal(3, reply.Num("succeeded"));
        Assert.Equal(0, reply.Num("failed"));
        var expected = new Dictionary<string, string> { ["one.txt"] = "1", ["two.txt"] = "22", ["dir/three.txt"] = "333" };
        Assert.Equal(["one.txt", "two.txt", "dir/three.txt"], reply.Files().Select(f => f.Str("filename")));
        foreach (var file in reply.Files())
        {
            Assert.False(string.IsNullOrEmpty(file.Str("status")));
            var bytes = await Client.DownloadAsync(sid, Contract.AssertId(file!["fileId"]));
            Assert.Equal(expected[file.Str("filename")], Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public async Task UploadBatch_OneBadName_IsPartialSuccess()
    {
        using var form = ServiceApi.Form([],
            ServiceApi.FilePart("ok"u8.ToArray(), "good.txt"), ServiceApi.FilePart("bad"u8.ToArray(), "../bad.txt"));

        var reply = await Client.PostFormOkAsync("upload/batch", form);

        Assert.Equal("partial_success", reply.Str("message"));
        Assert.Equal(1, reply.Num("succeeded"));
        Assert.Equal(1, reply.Num("failed"));
        var good = Assert.Single(reply.Files(), f => f?["fileId"] is not null);
        Assert.Equal("good.txt", good.Str("filename"));
        Contract.AssertId(good!["fileId"]);
        var bad = Assert.Single(reply.Files(), f => f?["fileId"] is null);
        Assert.False(string.IsNullOrEmpty(bad.Str("error")));
    }

    private static void AssertUploadReply(JsonObject reply, string fileName, long size)
    {
        Assert.Equal("success", reply.Str("message"));
        var sid = Contract.AssertId(reply["session_id"]);
        Assert.Equal(sid, reply.Str("storage_session_id"));
        var file = Assert.Single(reply.Files())!.AsObject();
        var fid = Contract.AssertId(file["fileId"]);
        Assert.Equal(fileName, file.Str("filename"));
        Assert.Equal(fid, file.Str("id"));
        Assert.False(string.IsNullOrEmpty(file.Str("name")));
        Assert.Equal(sid, file.Str("session_id"));
        Assert.Equal(size, file.Num("size"));
        Assert.True(DateTimeOffset.TryParse(file.Str("lastModified"), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False(string.IsNullOrEmpty(file.Str("etag")));
        Assert.False(string.IsNullOrEmpty(file.Str("contentType")));
        Assert.Equal(fileName, file["metadata"].Str("original-filename"));
        Assert.False(string.IsNullOrEmpty(file["metadata"].Str("content-type")));
    }

    private static IEnumerable<string> FilesContaining(string dir, byte[] needle) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            // The instance's lock file (held exclusively while it runs) is empty.
            .Where(path => Path.GetFileName(path) != ".lock" && new FileInfo(path).Length < 64 << 20)
            .Where(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            .ToList();
}
