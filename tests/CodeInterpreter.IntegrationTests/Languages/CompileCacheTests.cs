namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>
/// The compile cache, on an instance of its own with a 1 MiB capacity: hits skip the compiler, concurrent twins compile
/// once, a changed source misses, and LRU eviction keeps the size under the cap.
/// </summary>
[Collection(CompileCacheCollection.Name)]
public sealed class CompileCacheTests(CompileCacheFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    // An initialised static array lands in .data: each binary weighs ~400 KB, so three of them overflow 1 MiB.
    private const int BigArrayBytes = 400_000;

    [LanguageFact]
    public async Task Exec_SecondIdenticalRequest_IsServedFromTheCache()
    {
        await LanguageAvailability.RequireAsync(Client, "c");
        var (code, expected) = PrintingC(Random.Shared.Next(1, int.MaxValue));
        var start = await CacheCounters.ReadAsync(Client);

        (await Client.ExecAsync("c", code)).AssertRan(expected);
        var afterFirst = await CacheCounters.ReadAsync(Client);
        (await Client.ExecAsync("c", code)).AssertRan(expected);
        var afterSecond = await CacheCounters.ReadAsync(Client);

        Assert.Equal(start.Compiles + 1, afterFirst.Compiles);
        Assert.Equal(start.Misses + 1, afterFirst.Misses);
        Assert.Equal(afterFirst.Compiles, afterSecond.Compiles);
        Assert.Equal(afterFirst.Hits + 1, afterSecond.Hits);
        Assert.Equal(afterFirst.Misses, afterSecond.Misses);
    }

    [LanguageFact]
    public async Task Exec_TwoConcurrentIdenticalRequests_CompileOnce()
    {
        // C++ with iostream compiles for a few hundred ms: a window wide enough that both requests really overlap.
        await LanguageAvailability.RequireAsync(Client, "cpp");
        var constant = Random.Shared.Next(1, int.MaxValue);
        var code = UniqueSource.Of("cpp", $$"""
            #include <iostream>

            int main() {
                std::cout << {{constant}} << std::endl;
            }
            """, UniqueSource.Tag());
        var start = await CacheCounters.ReadAsync(Client);

        var replies = await Task.WhenAll(Client.ExecAsync("cpp", code), Client.ExecAsync("cpp", code));

        replies[0].AssertRan($"{constant}\n");
        replies[1].AssertRan($"{constant}\n");
        var end = await CacheCounters.ReadAsync(Client);
        Assert.Equal(start.Compiles + 1, end.Compiles);
    }

    [LanguageFact]
    public async Task Exec_ChangedSource_MissesAndCompilesAgain()
    {
        await LanguageAvailability.RequireAsync(Client, "c");
        var constant = Random.Shared.Next(1, int.MaxValue / 2);
        var (first, firstOutput) = PrintingC(constant);
        var (changed, changedOutput) = PrintingC(constant + 1);

        (await Client.ExecAsync("c", first)).AssertRan(firstOutput);
        var before = await CacheCounters.ReadAsync(Client);
        (await Client.ExecAsync("c", changed)).AssertRan(changedOutput);
        var after = await CacheCounters.ReadAsync(Client);

        Assert.Equal(before.Compiles + 1, after.Compiles);
        Assert.Equal(before.Misses + 1, after.Misses);
        Assert.Equal(before.Hits, after.Hits);
    }

    [LanguageFact]
    public async Task Exec_CompileErrorTwice_ReportsTheDiagnosticsBothTimes()
    {
        await LanguageAvailability.RequireAsync(Client, "c");
        var code = UniqueSource.Of("c", "int main(void) { return undeclared_thing; }", UniqueSource.Tag());

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var reply = await Client.ExecAsync("c", code);

            Assert.Equal("CE", reply.Str("status"));
            Assert.Contains("undeclared_thing", reply.Str("stderr"), StringComparison.Ordinal);
            Assert.Equal("", reply.Str("stdout"));
        }
    }

    [LanguageFact]
    public async Task Exec_CacheOverCapacity_EvictsTheLeastRecentlyUsedAndStaysUnderTheCap()
    {
        await LanguageAvailability.RequireAsync(Client, "c");
        var tag = UniqueSource.Tag();
        var programs = Enumerable.Range(0, 4).Select(i => BigC(tag, i)).ToList();
        var start = await CacheCounters.ReadAsync(Client);
        Assert.Equal(CompileCacheFixture.CacheMb * 1024L * 1024, start.CapacityBytes);

        foreach (var (code, expected) in programs)
        {
            (await Client.ExecAsync("c", code)).AssertRan(expected);
            (await CacheCounters.ReadAsync(Client)).AssertWithinCapacity();
        }
        var filled = await CacheCounters.ReadAsync(Client);
        Assert.Equal(start.Compiles + programs.Count, filled.Compiles);
        Assert.True(filled.Bytes > 0, $"nothing cached: {filled}");

        // The first program is the least recently used: evicted, so running it again compiles again.
        (await Client.ExecAsync("c", programs[0].Code)).AssertRan(programs[0].Expected);
        var end = await CacheCounters.ReadAsync(Client);
        Assert.Equal(filled.Compiles + 1, end.Compiles);
        Assert.Equal(filled.Misses + 1, end.Misses);
        end.AssertWithinCapacity();
    }

    private static (string Code, string Expected) PrintingC(int constant) => (UniqueSource.Of("c", $$"""
        #include <stdio.h>

        int main(void) {
            printf("%d\n", {{constant}});
            return 0;
        }
        """, UniqueSource.Tag()), $"{constant}\n");

    private static (string Code, string Expected) BigC(string tag, int index) => (UniqueSource.Of("c", $$"""
        #include <stdio.h>

        static char big[{{BigArrayBytes}}] = {1};

        int main(int argc, char **argv) {
            (void)argv;
            /* A run-time index keeps the whole array in the binary. */
            printf("%d %d\n", big[(argc - 1) * 7919 % (int)sizeof big], {{index}});
            return 0;
        }
        """, $"{tag}-{index}"), $"1 {index}\n");
}
