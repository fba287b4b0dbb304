using System.Text.Json;

namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>GET /health names every language with its toolchain version, and reports the compile cache.</summary>
[Collection(ServiceCollection.Name)]
public sealed class LanguageHealthTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly string[] _cacheCounters = ["hits", "misses", "compiles", "entries", "bytes", "capacity_bytes"];

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

    [Fact]
    public async Task Health_CompileCache_ReportsCountersAndTheDefaultCapacity()
    {
        var cache = Assert.IsType<JsonObject>((await HealthAsync())["compile_cache"]);

        foreach (var counter in _cacheCounters)
        {
            Assert.True(cache.Num(counter) >= 0, $"{counter}: {cache.ToJsonString()}");
        }
        // CODE_COMPILE_CACHE_MB defaults to 1024, in MiB like every other *_MB setting.
        Assert.Equal(1024L * 1024 * 1024, cache.Num("capacity_bytes"));
        Assert.True(cache.Num("bytes") <= cache.Num("capacity_bytes"), cache.ToJsonString());
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
