namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>The <c>compile_cache</c> counters of GET /health at one moment.</summary>
internal sealed record CacheCounters(long Hits, long Misses, long Compiles, long Entries, long Bytes, long CapacityBytes)
{
    public static async Task<CacheCounters> ReadAsync(HttpClient client)
    {
        var cache = (await client.GetJsonAsync("health"))["compile_cache"];
        Assert.True(cache is JsonObject, "GET /health has no \"compile_cache\" object");
        return new CacheCounters(cache.Num("hits"), cache.Num("misses"), cache.Num("compiles"), cache.Num("entries"),
            cache.Num("bytes"), cache.Num("capacity_bytes"));
    }

    public void AssertWithinCapacity() =>
        Assert.True(Bytes <= CapacityBytes, $"compile cache holds {Bytes} bytes, over its capacity of {CapacityBytes}");
}

/// <summary>Sources no earlier request can have sent: a fresh marker in a comment.</summary>
internal static class UniqueSource
{
    public static string Tag() => Guid.NewGuid().ToString("N");

    /// <summary>The program with a comment line naming <paramref name="tag"/> on top.</summary>
    public static string Of(string lang, string code, string tag) =>
        (lang == "f90" ? "! " : "// ") + $"cache test {tag}\n" + code;
}
