namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class HealthTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    public async Task Health_Anonymous_SaysOnlyTheStatus(string prefix)
    {
        using var anonymous = Service.CreateClient(apiKey: null, prefix);

        using var response = await anonymous.GetAsync("health");

        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, json);
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(json));
        Assert.Equal(["status"], body.Select(p => p.Key));
        Assert.Equal(response.StatusCode == HttpStatusCode.OK ? "ok" : "unavailable", body.Str("status"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    public async Task Health_WithTheKey_HasContractShape(string prefix)
    {
        using var keyed = Service.CreateClient(Service.Keys[0], prefix);

        using var response = await keyed.GetAsync("health");

        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, json);
        var body = JsonNode.Parse(json);
        Assert.False(string.IsNullOrEmpty(body.Str("status")));
        Assert.False(string.IsNullOrEmpty(body.Str("version")));
        var py = Assert.IsType<JsonObject>(body?["languages"]?["py"]);
        Assert.True(py.ContainsKey("available"), json);
        Assert.True(py.ContainsKey("version"), json);
        Assert.IsType<JsonObject>(body?["sandbox"]);
        // The embedded default store: local disk, usable.
        Assert.Equal("local", body?["storage"].Str("backend"));
        Assert.True(body?["storage"]?["available"]?.GetValue<bool>(), json);
    }

    [SandboxFact]
    public async Task Health_WithSandbox_Returns200AndListsRunnableLanguages()
    {
        var body = await Client.GetJsonAsync("health");

        foreach (var lang in new[] { "py", "js", "bash" })
        {
            var entry = body["languages"]?[lang];
            Assert.True(entry?["available"]?.GetValue<bool>(), $"{lang} not available: {body.ToJsonString()}");
            Assert.False(string.IsNullOrEmpty(entry.Str("version")));
        }
    }
}
