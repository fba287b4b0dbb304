namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class DownloadTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly byte[] _allBytes = Enumerable.Range(0, 256).Concat(Enumerable.Range(0, 256).Reverse())
        .Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Download_UploadedBinary_IsListedAndByteExactWithHeaders()
    {
        var upload = await Client.UploadAsync("blob.bin", _allBytes);
        var sid = upload.Str("session_id");
        var fid = upload.Files()[0].Str("fileId");

        var listed = Assert.Single(Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=summary")));
        using var response = await Client.GetAsync($"download/{sid}/{fid}");

        Assert.Equal(_allBytes.Length, listed.Num("size"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_allBytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(_allBytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("blob.bin", disposition?.FileName?.Trim('"'));
    }

    [Theory]
    [InlineData("chart.png", "image/png")]
    [InlineData("table.csv", "text/csv")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("data.json", "application/json")]
    [InlineData("report.pdf", "application/pdf")]
    public async Task Download_ContentType_FollowsExtension(string name, string mediaType)
    {
        var upload = await Client.UploadAsync(name, "content");

        using var response = await Client.GetAsync($"download/{upload.Str("session_id")}/{upload.Files()[0].Str("fileId")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Download_NonAsciiName_HasRfc5987FilenameStar()
    {
        const string Name = "résumé ü.txt";
        using var form = ServiceApi.Form([], NonAsciiPart(Name));
        var reply = await Client.PostFormOkAsync("upload", form);

        using var response = await Client.GetAsync($"download/{reply.Str("session_id")}/{reply.Files()[0].Str("fileId")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = string.Join(", ", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.StartsWith("attachment", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%BC.txt", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Name, response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task Download_UnderV1Prefix_ReturnsBytes()
    {
        var upload = await Client.UploadAsync("v1.txt", "via v1");

        var bytes = await V1.DownloadAsync(upload.Str("session_id"), upload.Files()[0].Str("fileId"));

        Assert.Equal("via v1"u8.ToArray(), bytes);
    }

    [Fact]
    public async Task Download_AbsentFileInExistingSession_Returns404FileNotFound()
    {
        var upload = await Client.UploadAsync("there.txt", "x");

        using var response = await Client.GetAsync($"download/{upload.Str("session_id")}/{Contract.RandomId()}");

        var body = await response.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("File not found", body.Str("error"));
    }

    [Fact]
    public async Task Download_UnknownSession_Returns404FileNotFound()
    {
        using var response = await Client.GetAsync($"download/{Contract.RandomId()}/{Contract.RandomId()}");

        var body = await response.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("File not found", body.Str("error"));
    }

    [Theory]
    [InlineData("{0}/short")]
    [InlineData("short/{0}")]
    [InlineData("{0}/aaaaaaaaaa..aaaaaaaaa")]
    [InlineData("{0}/aaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Download_MalformedId_Returns400(string pattern)
    {
        var route = "download/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Contract.RandomId());

        using var response = await Client.GetAsync(route);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    private static ByteArrayContent NonAsciiPart(string name)
    {
        var part = new ByteArrayContent("x"u8.ToArray());
        part.Headers.TryAddWithoutValidation("Content-Disposition",
            $"form-data; name=\"file\"; filename=\"resume.txt\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
        return part;
    }
}
