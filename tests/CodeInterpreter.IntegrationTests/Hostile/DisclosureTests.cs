namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>What the service tells a client without a key, and what a stored file may do in a browser.</summary>
[Collection(HostileCollection.Name)]
public sealed class DisclosureTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Health_WithoutAValidKey_SaysOnlyTheStatus(string? key)
    {
        foreach (var prefix in new[] { "", "v1" })
        {
            using var client = Service.CreateClient(key, prefix);

            using var response = await client.GetAsync("health");

            var json = await response.Content.ReadAsStringAsync();
            var body = Assert.IsType<JsonObject>(JsonNode.Parse(json));
            Assert.Equal(["status"], body.Select(p => p.Key));
            // The same status and code as with the key (503 only on a host without a usable sandbox).
            Assert.Equal(response.StatusCode == HttpStatusCode.OK ? "ok" : "unavailable", body.Str("status"));
        }
    }

    [Fact]
    public async Task Health_WithTheKey_HasTheDetails()
    {
        using var response = await Client.GetAsync("health");

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        foreach (var detail in new[] { "version", "languages", "sandbox", "executions", "auth", "compile_cache", "warm_pool", "storage" })
        {
            Assert.True(body?[detail] is not null, $"no \"{detail}\" in {body.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData("page.html", "<html><script>fetch('/api/keys').then(r => r.text()).then(alert)</script></html>")]
    [InlineData("plot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>")]
    [InlineData("data.bin", "<script>alert(1)</script>")]
    public async Task Download_OfActiveContent_IsNotSniffedAndRunsNoScript(string name, string content)
    {
        var upload = await Client.UploadAsync(name, content);

        using var response = await Client.GetAsync($"download/{upload.Str("session_id")}/{upload.Files()[0].Str("fileId")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy.Split(';', StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("script", policy, StringComparison.Ordinal);
        Assert.StartsWith("attachment;", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal(content, await response.Content.ReadAsStringAsync());
    }
}
