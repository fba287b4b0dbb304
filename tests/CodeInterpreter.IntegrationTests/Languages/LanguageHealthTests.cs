using System.Text.Json;

namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>GET /health names every language with its toolchain version, and reports the compile cache.</summary>
[Collection(ServiceCollection.Name)]
public sealed class LanguageHealthTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    public static TheoryData<string> Codes => LanguagePrograms.Codes;

    [Fact]
    public async Task Health_ListsAllThirteenLanguages()
    {
        var languages = Assert.IsType<JsonObject>((await HealthAsync())["languages"]);

        foreach (var program in LanguagePrograms.All)
        {
            var entry = Assert.IsType<JsonObject>(languages[program.Code]);
            Assert.True(entry["available"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                $"{program.Code}: {entry.ToJsonString()}");
            Assert.True(entry["version"] is JsonValue, $"{program.Code}: {entry.ToJsonString()}");
        }
    }

    [LanguageTheory]
    [MemberData(nameof(Codes))]
    public async Task Health_Language_IsAvailableWithAVersion(string lang)
    {
        await LanguageAvailability.RequireAsync(Client, lang);

        var entry = (await HealthAsync())["languages"]?[lang];

        Assert.True(entry?["available"]?.GetValue<bool>(), $"{lang}: {entry?.ToJsonString()}");
        var version = entry.Str("version");
        Assert.True(version.Length > 0 && char.IsAsciiDigit(version[0]), $"{lang}: version '{version}' does not start with a digit");
    }

    [LanguageFact]
    public async Task Health_CompileCache_CountsACompileAndAHit_AndReportsTheDefaultCapacity()
    {
        await LanguageAvailability.RequireAsync(Client, "c");
        var code = UniqueSource.Of("c", "int main(void) { return 0; }", UniqueSource.Tag());
        var before = await CacheCounters.ReadAsync(Client);

        (await Client.ExecAsync("c", code)).AssertRan("");
        var compiled = await CacheCounters.ReadAsync(Client);
        (await Client.ExecAsync("c", code)).AssertRan("");
        var served = await CacheCounters.ReadAsync(Client);

        // A new source is a miss that runs the compiler and stores an entry with bytes; the same source again is a hit.
        Assert.Equal((before.Misses + 1, before.Compiles + 1, before.Hits), (compiled.Misses, compiled.Compiles, compiled.Hits));
        Assert.True(compiled.Entries >= 1 && compiled.Bytes > 0, $"{compiled}");
        Assert.Equal((compiled.Misses, compiled.Compiles, compiled.Hits + 1), (served.Misses, served.Compiles, served.Hits));
        // CODE_COMPILE_CACHE_MB defaults to 1024, in MiB like every other *_MB setting.
        Assert.Equal(1024L * 1024 * 1024, served.CapacityBytes);
        served.AssertWithinCapacity();
    }

    private async Task<JsonNode> HealthAsync()
    {
        // The details need the key; without it /health says only its status.
        using var response = await Client.GetAsync("health");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, json);
        return JsonNode.Parse(json)!;
    }
}
