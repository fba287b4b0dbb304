using System.Text;

namespace CodeInterpreter.IntegrationTests;

/// <summary>Files going into a run (refs, session_id) and coming out of it (new, modified, inherited).</summary>
[Collection(ServiceCollection.Name)]
public sealed class ExecFilesTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const string ReadBothWays = """
        a = open('/mnt/data/data.csv').read()
        b = open('data.csv').read()
        print(a == b, a, end='')
        """;

    [SandboxFact]
    public async Task Exec_GenAFileRef_IsMountedAndEchoedAsInherited()
    {
        var (sid, fid) = await UploadCsvAsync();
        var body = ServiceApi.ExecBody("py", ReadBothWays);
        body["files"] = new JsonArray(new JsonObject { ["id"] = fid, ["session_id"] = sid, ["name"] = "data.csv" });

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("True a,b\n1,2\n");
        AssertInherited(reply.FileNamed("data.csv"), fid, sid);
    }

    [SandboxFact]
    public async Task Exec_GenCFileRef_IsMountedAndEchoedAsInherited()
    {
        var (sid, fid) = await UploadCsvAsync();
        var body = ServiceApi.ExecBody("py", ReadBothWays);
        body["files"] = new JsonArray(new JsonObject
        {
            ["id"] = fid, ["storage_session_id"] = sid, ["name"] = "data.csv", ["resource_id"] = "file_abc", ["kind"] = "user",
        });

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("True a,b\n1,2\n");
        AssertInherited(reply.FileNamed("data.csv"), fid, sid);
    }

    [SandboxFact]
    public async Task Exec_SessionIdOfUploadBatch_MountsAllItsFiles()
    {
        using var form = ServiceApi.Form([("kind", "user"), ("id", "file_abc")],
            ServiceApi.FilePart("one"u8.ToArray(), "a.txt"), ServiceApi.FilePart("two"u8.ToArray(), "b.txt"));
        var upload = await Client.PostFormOkAsync("upload/batch", form);
        var body = ServiceApi.ExecBody("bash", "cat '/mnt/data/a.txt' '/mnt/data/b.txt'");
        body["session_id"] = upload.Str("session_id");

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("onetwo");
    }

    [SandboxFact]
    public async Task Exec_SessionIdOfEarlierRun_MountsItsOutputs()
    {
        var first = await Client.ExecAsync("py", "open('out.txt', 'w').write('from run one')");
        var body = ServiceApi.ExecBody("bash", "cat '/mnt/data/out.txt'");
        body["session_id"] = first.Str("session_id");

        var second = await Client.ExecAsync(body);

        second.AssertRan("from run one");
    }

    [SandboxFact]
    public async Task Exec_NewFile_IsListedAndDownloadableByteExact()
    {
        var expected = Enumerable.Range(0, 4 * 256).Select(i => (byte)i).ToArray();

        var reply = await Client.ExecAsync("py", "open('blob.bin', 'wb').write(bytes(range(256)) * 4)");

        var sid = Contract.AssertId(reply["session_id"]);
        var file = reply.FileNamed("blob.bin");
        var fid = Contract.AssertId(file["id"]);
        Assert.Equal(sid, file.Str("storage_session_id"));
        Assert.Equal(sid, file.Str("session_id"));
        Assert.Null(file["inherited"]);
        Assert.Equal(expected, await Client.DownloadAsync(sid, fid));
    }

    [SandboxFact]
    public async Task Exec_NestedNewFile_IsListedWithRelativePath()
    {
        var reply = await Client.ExecAsync("py", "import os; os.makedirs('sub'); open('sub/r.txt', 'w').write('deep')");

        var file = reply.FileNamed("sub/r.txt");
        var bytes = await Client.DownloadAsync(reply.Str("session_id"), Contract.AssertId(file["id"]));
        Assert.Equal("deep", Encoding.UTF8.GetString(bytes));
    }

    [SandboxFact]
    public async Task Exec_ModifiedInput_GetsNewIdWithModifiedFromAndOriginalStaysIntact()
    {
        var (sid, fid) = await UploadCsvAsync();
        var body = ServiceApi.ExecBody("py", "open('data.csv', 'a').write('3,4\\n')");
        body["files"] = new JsonArray(new JsonObject { ["id"] = fid, ["session_id"] = sid, ["name"] = "data.csv" });

        var reply = await Client.ExecAsync(body);

        var file = reply.FileNamed("data.csv");
        var newId = Contract.AssertId(file["id"]);
        Assert.NotEqual(fid, newId);
        Assert.Equal(reply.Str("session_id"), file.Str("storage_session_id"));
        Assert.Equal(fid, file["modified_from"].Str("id"));
        Assert.Equal(sid, file["modified_from"].Str("storage_session_id"));
        Assert.Equal("a,b\n1,2\n3,4\n", Encoding.UTF8.GetString(await Client.DownloadAsync(reply.Str("session_id"), newId)));
        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(await Client.DownloadAsync(sid, fid)));
    }

    [SandboxFact]
    public async Task Exec_SameNameMountedTwice_NewestRefWins()
    {
        var older = await Client.UploadAsync("same.txt", "v1");
        var newer = await Client.UploadAsync("same.txt", "v2");
        var body = ServiceApi.ExecBody("bash", "cat same.txt");
        body["files"] = new JsonArray(Ref(older, "same.txt"), Ref(newer, "same.txt"));

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("v2");
    }

    [SandboxTheory]
    [InlineData("py", "print('no files')")]
    [InlineData("js", "console.log('no files')")]
    [InlineData("bash", "echo 'no files'")]
    public async Task Exec_SourceFile_IsNeverAnOutput(string lang, string code)
    {
        var reply = await Client.ExecAsync(lang, code);

        reply.AssertRan("no files\n");
        Assert.Empty(reply.Files());
    }

    [SandboxFact]
    public async Task Exec_MatplotlibSavefig_ProducesDownloadablePng()
    {
        const string Code = """
            import matplotlib
            matplotlib.use('Agg')
            import matplotlib.pyplot as plt
            plt.plot([1, 2, 3], [1, 4, 9])
            plt.savefig('plot.png')
            print('saved')
            """;

        var reply = await Client.ExecAsync("py", Code);

        reply.AssertRan("saved\n");
        var file = reply.FileNamed("plot.png");
        using var response = await Client.GetAsync($"download/{reply.Str("session_id")}/{Contract.AssertId(file["id"])}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes.Take(8).ToArray());
    }

    [SandboxFact]
    public async Task Exec_PandasToCsv_ProducesDownloadableCsv()
    {
        const string Code = """
            import pandas as pd
            pd.DataFrame({'a': [1, 3], 'b': [2, 4]}).to_csv('out.csv', index=False)
            """;

        var reply = await Client.ExecAsync("py", Code);

        var file = reply.FileNamed("out.csv");
        var bytes = await Client.DownloadAsync(reply.Str("session_id"), Contract.AssertId(file["id"]));
        Assert.Equal("a,b\n1,2\n3,4\n", Encoding.UTF8.GetString(bytes));
    }

    private async Task<(string SessionId, string FileId)> UploadCsvAsync()
    {
        var upload = await Client.UploadAsync("data.csv", "a,b\n1,2\n");
        return (Contract.AssertId(upload["session_id"]), Contract.AssertId(upload.Files()[0]?["fileId"]));
    }

    private static JsonObject Ref(JsonObject upload, string name) => new()
    {
        ["id"] = upload.Files()[0].Str("fileId"), ["session_id"] = upload.Str("session_id"), ["name"] = name,
    };

    private static void AssertInherited(JsonObject file, string fileId, string sessionId)
    {
        Assert.True(file["inherited"]?.GetValue<bool>(), $"not inherited: {file.ToJsonString()}");
        Assert.Equal(fileId, file.Str("id"));
        Assert.Equal(sessionId, file.Str("storage_session_id"));
    }
}
