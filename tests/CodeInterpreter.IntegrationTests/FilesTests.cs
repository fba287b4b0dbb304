namespace CodeInterpreter.IntegrationTests;

/// <summary>GET /files/{sid}, GET /sessions/{sid}/objects/{fid} and both DELETE routes.</summary>
[Collection(ServiceCollection.Name)]
public sealed class FilesTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const string Csv = "a,b\n1,2\n";

    [Theory]
    [InlineData("")]
    [InlineData("?detail=summary")]
    [InlineData("?detail=full")]
    [InlineData("?detail=simple")]
    [InlineData("?detail=normalized")]
    public async Task Files_UnknownSession_Returns200EmptyArray(string query)
    {
        var list = await Client.GetJsonAsync($"files/{Contract.RandomId()}{query}");

        Assert.Empty(Assert.IsType<JsonArray>(list));
    }

    [Fact]
    public async Task Files_Summary_HasGenAKeyShape()
    {
        var (sid, fid) = await UploadAsync();

        var entry = await SingleEntryAsync($"files/{sid}?detail=summary");

        var name = entry.Str("name");
        Assert.StartsWith($"{sid}/{fid}", name, StringComparison.Ordinal);
        Assert.Equal(fid, name.Split('/')[1].Split('.')[0]);
        Assert.Equal(Csv.Length, entry.Num("size"));
        var lastModified = Contract.AssertUtcTimestamp(entry["lastModified"]);
        Assert.InRange(lastModified, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.False(string.IsNullOrEmpty(entry.Str("etag")));
    }

    [Fact]
    public async Task Files_Full_AddsMetadataAndContentType()
    {
        var (sid, fid) = await UploadAsync();

        var entry = await SingleEntryAsync($"files/{sid}?detail=full");

        Assert.StartsWith($"{sid}/{fid}", entry.Str("name"), StringComparison.Ordinal);
        Assert.Equal("data.csv", entry["metadata"].Str("original-filename"));
        Assert.StartsWith("text/csv", entry.Str("contentType"), StringComparison.Ordinal);
        Contract.AssertUtcTimestamp(entry["lastModified"]);
    }

    [Fact]
    public async Task Files_Simple_IsArrayOfKeys()
    {
        var (sid, _) = await UploadAsync();
        var summary = await SingleEntryAsync($"files/{sid}?detail=summary");

        var simple = Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=simple"));

        Assert.Equal(summary.Str("name"), Assert.Single(simple)!.GetValue<string>());
    }

    [Fact]
    public async Task Files_Normalized_HasGenCShape()
    {
        var (sid, fid) = await UploadAsync();

        var entry = await SingleEntryAsync($"files/{sid}?detail=normalized");

        Assert.Equal(fid, entry.Str("id"));
        Assert.Equal("data.csv", entry.Str("name"));
        Assert.Equal(sid, entry.Str("storage_session_id"));
        Assert.Equal(Csv.Length, entry.Num("size"));
        Assert.StartsWith("text/csv", entry.Str("contentType"), StringComparison.Ordinal);
        Contract.AssertUtcTimestamp(entry["lastModified"]);
    }

    [Fact]
    public async Task Files_UnknownQueryParameters_AreIgnored()
    {
        var (sid, fid) = await UploadAsync();

        var entry = await SingleEntryAsync($"files/{sid}?detail=summary&entity_id=asst_x&kind=user&id=file_x&version=2");

        Assert.StartsWith($"{sid}/{fid}", entry.Str("name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_UnderV1Prefix_ListsUpload()
    {
        var (sid, fid) = await UploadAsync();

        var list = Assert.IsType<JsonArray>(await V1.GetJsonAsync($"files/{sid}?detail=summary"));

        Assert.StartsWith($"{sid}/{fid}", Assert.Single(list).Str("name"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa!")]
    [InlineData("aaaaaaaaaa..aaaaaaaaa")]
    public async Task Files_MalformedSessionId_Returns400(string sid)
    {
        using var response = await Client.GetAsync($"files/{sid}?detail=summary");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SessionObject_Existing_HasGenCFreshnessShape()
    {
        var (sid, fid) = await UploadAsync();
        var summary = await SingleEntryAsync($"files/{sid}?detail=summary");

        var obj = await Client.GetJsonAsync($"sessions/{sid}/objects/{fid}");

        Assert.Equal(summary.Str("name"), obj.Str("name"));
        Assert.Equal("data.csv", obj.Str("originalFilename"));
        Assert.Equal(Csv.Length, obj.Num("size"));
        Contract.AssertUtcTimestamp(obj["lastModified"]);
        Assert.Equal(summary.Str("etag"), obj.Str("etag"));
        Assert.StartsWith("text/csv", obj.Str("contentType"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionObject_Absent_Returns404FileNotFound()
    {
        var (sid, _) = await UploadAsync();

        using var response = await Client.GetAsync($"sessions/{sid}/objects/{Contract.RandomId()}");

        var body = await response.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("File not found", body.Str("error"));
    }

    [Theory]
    [InlineData("files/{0}/{1}")]
    [InlineData("sessions/{0}/objects/{1}")]
    [InlineData("v1/files/{0}/{1}")]
    [InlineData("v1/sessions/{0}/objects/{1}")]
    public async Task Delete_ExistingFile_RemovesItEverywhere(string route)
    {
        var (sid, fid) = await UploadAsync();

        using var response = await Client.DeleteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, sid, fid));

        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        var body = JsonNode.Parse(json);
        Assert.Equal("File deleted successfully", body.Str("message"));
        Assert.Equal(sid, body.Str("session_id"));
        Assert.Equal(fid, body.Str("fileId"));
        Assert.Empty(Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=summary")));
        using var download = await Client.GetAsync($"download/{sid}/{fid}");
        await download.AssertErrorAsync(HttpStatusCode.NotFound);
        using var obj = await Client.GetAsync($"sessions/{sid}/objects/{fid}");
        await obj.AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("files/{0}/{1}")]
    [InlineData("sessions/{0}/objects/{1}")]
    public async Task Delete_AbsentFile_Returns404(string route)
    {
        var (sid, _) = await UploadAsync();

        using var response = await Client.DeleteAsync(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, route, sid, Contract.RandomId()));

        await response.AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_OneOfTwoFiles_LeavesTheOther()
    {
        using var form = ServiceApi.Form([], ServiceApi.FilePart("1"u8.ToArray(), "keep.txt"), ServiceApi.FilePart("2"u8.ToArray(), "drop.txt"));
        var upload = await Client.PostFormOkAsync("upload/batch", form);
        var sid = upload.Str("session_id");
        var keep = upload.Files()[0].Str("fileId");
        var drop = upload.Files()[1].Str("fileId");

        using var response = await Client.DeleteAsync($"files/{sid}/{drop}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await SingleEntryAsync($"files/{sid}?detail=normalized");
        Assert.Equal(keep, entry.Str("id"));
    }

    private async Task<(string SessionId, string FileId)> UploadAsync()
    {
        var upload = await Client.UploadAsync("data.csv", Csv);
        return (Contract.AssertId(upload["session_id"]), Contract.AssertId(upload.Files()[0]?["fileId"]));
    }

    private async Task<JsonObject> SingleEntryAsync(string route)
    {
        var list = Assert.IsType<JsonArray>(await Client.GetJsonAsync(route));
        return Assert.Single(list)!.AsObject();
    }
}
