
namespace CodeInterpreter.IntegrationTests.Storage;

/// <summary>
/// The store goes away under a running node (a forwarder the test cuts), then comes back: /health and every request
/// that needs the store answer 503 at once, code that needs no file still runs, and service resumes by itself.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    [S3NodesFact]
    public async Task StoreDown_HealthAndStoreRequestsAre503_ThenEverythingRecovers()
    {
        await using var link = new CuttableLink(new Uri(S3TestStore.RequiredEndpoint));
        link.Restore();
        await using var cluster = new S3Nodes();
        try
        {
            var node = await cluster.StartNodeAsync(new Dictionary<string, string>
            {
                ["CODE_S3_TIMEOUT_SECONDS"] = "2",
                ["CODE_S3_MAX_RETRIES"] = "1",
                ["CODE_S3_OPERATION_TIMEOUT_SECONDS"] = "4",
            }, link.Endpoint);
            using var client = node.CreateClient(node.Keys[0]);
            var upload = await client.UploadAsync("kept.txt", "kept");
            var (sid, fid) = (upload.Str("session_id"), ((JsonObject)upload.Files()[0]!).Str("fileId"));

            link.Cut();

            using (var form = ServiceApi.Form([], ServiceApi.FilePart("new"u8.ToArray(), "new.txt")))
            using (var refused = await client.PostFormAsync("upload", form))
            {
                await AssertStorageUnavailableAsync(refused);
            }
            using (var download = await client.GetAsync($"download/{sid}/{fid}"))
            {
                await AssertStorageUnavailableAsync(download);
            }
            using (var listing = await client.GetAsync($"files/{sid}"))
            {
                await AssertStorageUnavailableAsync(listing);
            }
            var withFile = ServiceApi.ExecBody("bash", "cat kept.txt");
            withFile["files"] = new JsonArray(new JsonObject { ["id"] = fid, ["session_id"] = sid, ["name"] = "kept.txt" });
            using (var exec = await client.PostExecAsync(withFile))
            {
                await AssertStorageUnavailableAsync(exec);
            }
            (await client.ExecAsync("py", "print(6 * 7)")).AssertRan("42\n");
            // Requests failed just now, so /health says so at once; without them it would within its 2 s probe interval.
            var health = await HealthAsync(client, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", health.Str("status"));
            Assert.False(health["storage"]!["available"]!.GetValue<bool>());
            Assert.Equal("the store cannot be reached", health["storage"].Str("problem"));

            link.Restore();

            await HealthAsync(client, HttpStatusCode.OK);
            Assert.Equal("kept"u8.ToArray(), await client.DownloadAsync(sid, fid));
            (await client.ExecAsync(withFile)).AssertRan("kept");
            Assert.Single((await client.GetJsonAsync($"files/{sid}")).AsArray());
            // The upload refused during the outage left nothing behind in any session it may have started.
            Assert.DoesNotContain("Unhandled", node.LogSince(0), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    /// <summary>Polls /health until it answers <paramref name="expected"/> (30 s at most); returns that body.</summary>
    private static async Task<JsonNode> HealthAsync(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("health");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                Assert.True(response.StatusCode == expected, $"/health: {(int)response.StatusCode} {body.ToJsonString()}");
                return body;
            }
            await Task.Delay(250);
        }
    }

    private static async Task AssertStorageUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Storage unavailable", body.Str("error"));
        Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("127.0.0.1", body.ToJsonString(), StringComparison.Ordinal);
    }
}
