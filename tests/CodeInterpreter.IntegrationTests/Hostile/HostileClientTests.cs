using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Malformed, oversized, slow, traversing and numerous requests: refused cleanly, and the service keeps serving.</summary>
[Collection(HostileCollection.Name)]
public sealed class HostileClientTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"py\"")]
    [InlineData("{\"lang\":\"py\",\"code\":123}")]
    [InlineData("{\"lang\":\"py\",\"code\":\"print(1)\",\"files\":\"nope\"}")]
    [InlineData("{\"lang\":\"py\",\"code\":\"print(1)\",\"timeout\":\"soon\"}")]
    [InlineData("{\"lang\":\"py\" \"code\":\"x\"}")]
    public async Task Exec_MalformedJson_Is400(string json)
    {
        using var response = await Client.PostAsync("exec", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task Exec_InvalidUtf8Body_Is400()
    {
        var content = new ByteArrayContent([.. "{\"lang\":\"py\",\"code\":\""u8, 0xff, 0xfe, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Client.PostAsync("exec", content);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(100_000, "files")]
    [InlineData(100_000, "ignored")]
    public async Task Exec_DeeplyNestedJson_Is400Quickly(int depth, string field)
    {
        var json = $"{{\"lang\":\"py\",\"code\":\"print(1)\",\"{field}\":{new string('[', depth)}{new string(']', depth)}}}";
        var clock = Stopwatch.StartNew();

        using var response = await Client.PostAsync("exec", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await AssertAftermathAsync();
    }

    [Theory]
    [InlineData("exec", "application/json", 100)]
    [InlineData("upload", "multipart/form-data; boundary=x", 200)]
    public async Task BodyOverTheLimit_Is413BeforeTheRestIsSent(string route, string contentType, int megabytes)
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        await raw.SendAsync($"POST /{route} HTTP/1.1\r\nHost: x\r\nX-API-Key: {Service.Keys[0]}\r\nContent-Type: {contentType}\r\n"
            + $"Content-Length: {megabytes * 1024 * 1024}\r\n\r\n");
        await raw.SendAsync(Encoding.ASCII.GetBytes("{\"lang\":\"py\",\"code\":\"" + new string('x', 64 * 1024)));

        var response = await raw.ReadResponseAsync(TimeSpan.FromSeconds(15));

        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("\"error\"", response, StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_Is413AfterAtMostTheLimit()
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        await raw.SendAsync($"POST /exec HTTP/1.1\r\nHost: x\r\nX-API-Key: {Service.Keys[0]}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        await raw.SendAsync("15\r\n{\"lang\":\"py\",\"code\":\"\r\n");
        var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string('x', 0x10000)}\r\n");
        var sent = 0L;
        var response = "";
        try
        {
            // 100 MiB offered in 64 KiB chunks; the server must answer long before taking it all.
            for (var i = 0; i < 1600 && !raw.Stream.DataAvailable; i++)
            {
                await raw.SendAsync(chunk);
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after answering.
        }
        response = await raw.ReadResponseAsync(TimeSpan.FromSeconds(15));

        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.True(sent < 32L * 1024 * 1024, $"the server took {sent >> 20} MiB before refusing");
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task Unauthenticated_LargeBody_IsNotDrained()
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        await raw.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 104857600\r\n\r\n");

        var (text, closed, _) = await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 401", text, StringComparison.Ordinal);
        Assert.True(closed, "the server kept the connection open to read a body it will never use");
    }

    [Theory]
    [InlineData("download/../../../../etc/passwd")]
    [InlineData("download/..%2F..%2F..%2Fetc/passwd")]
    [InlineData("download/%2e%2e%2f%2e%2e%2fetc%2fpasswd/x")]
    [InlineData("download/aaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("download/aaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("download/aaaaaaaaaaaaaaaaaaa.a/bbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("download/aaaaaaaaaaaaaaaaaaaa%00/bbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("files/..%2F..%2F..%2Fetc?detail=full")]
    [InlineData("files/..?detail=full")]
    [InlineData("sessions/..%2Ffiles/objects/..%2F..%2Fetc%2Fpasswd")]
    public async Task IdsWithTraversalOrWrongLength_AreRefused(string route)
    {
        using var response = await Client.GetAsync(route);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        await Hostile.Canary.AssertIntactAsync(Client);
    }

    [Fact]
    public async Task DeleteWithTraversalIds_IsRefusedAndTheCanarySurvives()
    {
        var sid = Hostile.Canary.SessionId;
        foreach (var route in new[] { $"files/{sid}/..%2F{Hostile.Canary.FileId}", $"files/..%2F{sid}/{Hostile.Canary.FileId}x", $"sessions/{sid}/objects/%2e%2e" })
        {
            using var response = await Client.DeleteAsync(route);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{route}: {(int)response.StatusCode}");
        }
        await AssertAftermathAsync();
    }

    [Theory]
    [InlineData("{\"id\":\"../../../../etc/passwd\",\"session_id\":\"aaaaaaaaaaaaaaaaaaaaa\",\"name\":\"x\"}")]
    [InlineData("{\"id\":\"aaaaaaaaaaaaaaaaaaaaa\",\"session_id\":\"../../files\",\"name\":\"x\"}")]
    [InlineData("{\"id\":\"@ID@\",\"session_id\":\"@SID@\",\"name\":\"../../../etc/cron.d/x\"}")]
    [InlineData("{\"id\":\"@ID@\",\"session_id\":\"@SID@\",\"name\":\"/etc/ci-pwned\"}")]
    public async Task Exec_FileRefsWithTraversal_Are400(string fileRef)
    {
        var body = ServiceApi.ExecBody("bash", "ls -la /mnt/data");
        body["files"] = JsonNode.Parse($"[{fileRef.Replace("@ID@", Hostile.Canary.FileId).Replace("@SID@", Hostile.Canary.SessionId)}]");

        using var response = await Client.PostExecAsync(body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        await AssertAftermathAsync();
    }

    [Theory]
    [InlineData("filename=\"../../../../etc/ci-pwned\"")]
    [InlineData("filename=\"/etc/ci-pwned\"")]
    [InlineData("filename=\"a/../../ci-pwned\"")]
    [InlineData("filename=\"..\\\\..\\\\ci-pwned\"")]
    [InlineData("filename*=UTF-8''..%2F..%2Fci-pwned")]
    [InlineData("filename*=UTF-8''ci%0D%0ASet-Cookie%3A%20pwned%3D1.txt")]
    [InlineData("filename*=UTF-8''nul%00.txt")]
    public async Task Upload_TraversalOrControlCharacterFilenames_AreRefusedAndNothingIsWritten(string disposition)
    {
        var part = new ByteArrayContent("pwned"u8.ToArray());
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; {disposition}");
        using var form = new MultipartFormDataContent { part };

        using var response = await Client.PostFormAsync("upload", form);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.False(File.Exists("/etc/ci-pwned"));
        Assert.Empty(Directory.EnumerateFiles(Service.DataDir, "*ci-pwned*", SearchOption.AllDirectories));
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task Upload_QuoteAndUnicodeInFilename_DownloadHeaderCannotBeInjected()
    {
        var part = new ByteArrayContent("named"u8.ToArray());
        part.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"file\"; filename*=UTF-8''a%22%3B%20evil%3D1%3B%20%C3%BC.txt");
        using var form = new MultipartFormDataContent { part };
        var upload = await Client.PostFormOkAsync("upload", form);

        using var response = await Client.GetAsync($"download/{upload.Str("session_id")}/{upload.Files()[0].Str("fileId")}");

        var disposition = response.Content.Headers.GetValues("Content-Disposition").Single();
        Assert.Equal("attachment; filename=\"a_; evil=1; _.txt\"; filename*=UTF-8''a%22%3B%20evil%3D1%3B%20%C3%BC.txt", disposition);
        Assert.Equal("named", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(1, 40_000)]
    [InlineData(200, 10)]
    [InlineData(0, 0)]
    public async Task OversizedHeadersOrRequestLine_Are431Or414(int headerCount, int headerLength)
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        var path = headerCount == 0 ? "/health?" + new string('a', 20_000) : "/health";
        var headers = string.Concat(Enumerable.Range(0, headerCount).Select(i => $"X-Pad-{i}: {new string('a', headerLength)}\r\n"));
        await raw.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n");

        var (text, _, _) = await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Matches(@"^HTTP/1\.1 (431|414) ", text);
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task SlowClient_HeadersTrickle_IsDroppedAtTheHeadersTimeout()
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        await raw.SendAsync("POST /exec HTTP/1.1\r\nHost: x\r\n");
        var clock = Stopwatch.StartNew();
        var closed = false;
        try
        {
            // One header byte a second: each byte arrives well within any idle timeout, the whole never does.
            for (var i = 0; i < 30 && !closed; i++)
            {
                await raw.SendAsync("X");
                await Task.Delay(1000);
                closed = raw.Stream.DataAvailable || !raw.Stream.Socket.Connected;
            }
        }
        catch (IOException)
        {
            closed = true;
        }
        var (text, ended, _) = await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));

        Assert.True(closed || ended, "the server waited 30 s for headers");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(HostileFixture.HeadersTimeoutSeconds + 10), $"dropped after {clock.Elapsed}");
        Output.WriteLine(text);
        await AssertAftermathAsync();
    }

    [Fact]
    public async Task SlowClient_BodyTrickle_IsDroppedAtTheMinimumDataRate()
    {
        using var raw = await RawHttp.ConnectAsync(Service.Port);
        await raw.SendAsync($"POST /exec HTTP/1.1\r\nHost: x\r\nX-API-Key: {Service.Keys[0]}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{");
        var clock = Stopwatch.StartNew();

        var trickle = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 60; i++)
                {
                    await raw.SendAsync(" ");
                    await Task.Delay(500);
                }
            }
            catch (IOException)
            {
            }
        });
        var (text, closed, _) = await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(25));

        Assert.True(closed, "the server kept waiting for a body arriving at 2 bytes a second");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"dropped after {clock.Elapsed}");
        Output.WriteLine(text);
        await trickle;
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task TwoHundredConcurrentExecs_AreAdmittedOrRefusedWith429AndNothingCrashes()
    {
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await Client.PostExecAsync(ServiceApi.ExecBody("py", $"print({i})"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), RetryAfter: response.Headers.RetryAfter?.Delta);
        });

        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)r.StatusCode}: {r.Body}"));
        Assert.Contains(results, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in results.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests))
        {
            var body = JsonNode.Parse(refused.Body)!;
            Assert.Equal("rate_limited", body.Str("error"));
            Assert.True(body.Num("retry_after_seconds") >= 1);
            Assert.NotNull(refused.RetryAfter);
        }
        Output.WriteLine($"{results.Count(r => r.StatusCode == HttpStatusCode.OK)} ran, {results.Count(r => r.StatusCode != HttpStatusCode.OK)} refused");
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_OneUserInALoop_IsRateLimitedWithTheContractShape()
    {
        var user = "hostile-user-" + Guid.NewGuid().ToString("N")[..8];
        JsonObject Body()
        {
            var body = ServiceApi.ExecBody("bash", "echo hi");
            body["user_id"] = user;
            return body;
        }
        for (var i = 0; i < HostileFixture.ExecPerUserPerMinute; i++)
        {
            await Client.ExecAsync(Body());
        }

        using var refused = await Client.PostExecAsync(Body());

        var error = await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", error.Str("error"));
        Assert.InRange(error.Num("retry_after_seconds"), 1, 60);
        Assert.Equal(error.Num("retry_after_seconds"), (long)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        var other = Body();
        other["user_id"] = user + "-other";
        (await Client.ExecAsync(other)).AssertRan("hi\n");
    }
}
