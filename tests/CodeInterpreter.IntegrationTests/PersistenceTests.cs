namespace CodeInterpreter.IntegrationTests;

/// <summary>Files outlive the process: a restart on the same data dir serves them unchanged.</summary>
public sealed class PersistenceTests(ITestOutputHelper output)
{
    private static readonly byte[] _allBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Files_AfterServiceRestart_AreListedAndByteExact()
    {
        await using var service = new ServiceProcess();
        await service.StartAsync();
        try
        {
            var (sid, fid, before) = await UploadAndListAsync(service);

            await service.RestartAsync();

            using var client = service.CreateClient(service.Keys[1]);
            var after = Assert.Single(Assert.IsType<JsonArray>(await client.GetJsonAsync($"files/{sid}?detail=summary")));
            Assert.Equal(before.ToJsonString(), after!.ToJsonString());
            Assert.Equal(_allBytes, await client.DownloadAsync(sid, fid));
            var obj = await client.GetJsonAsync($"sessions/{sid}/objects/{fid}");
            Assert.Equal("blob.bin", obj.Str("originalFilename"));
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }

    [SandboxFact]
    public async Task ExecOutput_AfterServiceRestart_IsDownloadableAndMountable()
    {
        await using var service = new ServiceProcess();
        await service.StartAsync();
        try
        {
            var (sid, fid) = await ExecWritingFileAsync(service);

            await service.RestartAsync();

            using var client = service.CreateClient(service.Keys[0]);
            Assert.Equal("still here"u8.ToArray(), await client.DownloadAsync(sid, fid));
            var body = ServiceApi.ExecBody("bash", "cat kept.txt");
            body["session_id"] = sid;
            (await client.ExecAsync(body)).AssertRan("still here");
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }

    private static async Task<(string Sid, string Fid)> ExecWritingFileAsync(ServiceProcess service)
    {
        using var client = service.CreateClient(service.Keys[0]);
        var reply = await client.ExecAsync("py", "open('kept.txt', 'w').write('still here')");
        return (reply.Str("session_id"), reply.FileNamed("kept.txt").Str("id"));
    }

    private static async Task<(string Sid, string Fid, JsonNode Listed)> UploadAndListAsync(ServiceProcess service)
    {
        using var client = service.CreateClient(service.Keys[0]);
        var upload = await client.UploadAsync("blob.bin", _allBytes);
        var sid = upload.Str("session_id");
        var listed = Assert.Single(Assert.IsType<JsonArray>(await client.GetJsonAsync($"files/{sid}?detail=summary")));
        return (sid, upload.Files()[0].Str("fileId"), listed!);
    }
}
