namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>Every compiled language goes through the cache: the second identical request does not invoke the compiler.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CompileCacheLanguageTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    // On the default instance (1 GiB cache): Go, Rust and D binaries alone outweigh the 1 MiB cache instance.
    public static TheoryData<string> CompiledCodes => [.. LanguagePrograms.All.Where(p => p.Compiled).Select(p => p.Code)];

    [LanguageTheory]
    [MemberData(nameof(CompiledCodes))]
    public async Task Exec_SameSourceTwice_CompilesOnceAndHitsOnce(string lang)
    {
        await LanguageAvailability.RequireAsync(Client, lang);
        var code = UniqueSource.Of(lang, LanguagePrograms.Get(lang).Sum, UniqueSource.Tag());
        var start = await CacheCounters.ReadAsync(Client);

        (await Client.ExecAsync(lang, code)).AssertRan("55\n");
        var afterFirst = await CacheCounters.ReadAsync(Client);
        (await Client.ExecAsync(lang, code)).AssertRan("55\n");
        var afterSecond = await CacheCounters.ReadAsync(Client);

        Assert.Equal(start.Compiles + 1, afterFirst.Compiles);
        Assert.Equal(afterFirst.Compiles, afterSecond.Compiles);
        Assert.Equal(afterFirst.Hits + 1, afterSecond.Hits);
        afterSecond.AssertWithinCapacity();
    }
}
