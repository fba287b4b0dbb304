namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>A stored file that no attack may lose or alter: same bytes, same etag, still listed in its session.</summary>
public sealed record Canary(string SessionId, string FileId, byte[] Bytes, string ETag)
{
    public static async Task<Canary> UploadAsync(HttpClient client, byte[] bytes)
    {
        var reply = await client.UploadAsync("canary.bin", bytes);
        var sid = reply.Str("session_id");
        var fid = reply.Files()[0].Str("fileId");
        var info = await client.GetJsonAsync($"sessions/{sid}/objects/{fid}");
        return new Canary(sid, fid, bytes, info.Str("etag"));
    }

    public async Task AssertIntactAsync(HttpClient client)
    {
        var info = await client.GetJsonAsync($"sessions/{SessionId}/objects/{FileId}");
        Assert.Equal(ETag, info.Str("etag"));
        Assert.Equal(Bytes, await client.DownloadAsync(SessionId, FileId));
        var listed = Assert.IsType<JsonArray>(await client.GetJsonAsync($"files/{SessionId}?detail=normalized"));
        Assert.Equal(FileId, Assert.Single(listed).Str("id"));
    }
}
