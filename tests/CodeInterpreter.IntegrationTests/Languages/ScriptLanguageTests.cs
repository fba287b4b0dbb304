namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>PHP with or without its opening tag, R graphics through Cairo and ggplot2, and bash as scripts use it.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ScriptLanguageTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private static readonly byte[] _pngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [LanguageTheory]
    [InlineData("<?php\necho array_sum(range(1, 10)), \"\\n\";")]
    [InlineData("echo array_sum(range(1, 10)), \"\\n\";")]
    [InlineData("function total(array $xs): int {\n    return array_sum($xs);\n}\necho total(range(1, 10)), \"\\n\";")]
    public async Task Exec_Php_WithOrWithoutOpeningTag_Runs(string code)
    {
        var reply = await ExecAsync("php", code);

        reply.AssertRan("55\n");
    }

    [LanguageFact]
    public async Task Exec_RCairoPng_ProducesDownloadablePng()
    {
        const string Code = """
            library(Cairo)
            png("plot.png")
            plot(1:10)
            dev.off()
            """;

        var reply = await ExecAsync("r", Code);

        await AssertRanAndWrotePngAsync(reply, "plot.png");
    }

    [LanguageFact]
    public async Task Exec_RCairoPngDevice_ProducesDownloadablePng()
    {
        const string Code = """
            library(Cairo)
            CairoPNG("hist.png", width = 400, height = 300)
            hist(c(1, 2, 2, 3, 3, 3, 4, 4, 5))
            invisible(dev.off())
            """;

        var reply = await ExecAsync("r", Code);

        await AssertRanAndWrotePngAsync(reply, "hist.png");
    }

    [LanguageFact]
    public async Task Exec_RGgsave_ProducesDownloadablePng()
    {
        const string Code = """
            library(ggplot2)
            df <- data.frame(x = 1:5, y = (1:5)^2)
            p <- ggplot(df, aes(x, y)) + geom_line() + geom_point()
            ggsave("g.png", p, width = 4, height = 3, dpi = 72)
            """;

        var reply = await ExecAsync("r", Code);

        await AssertRanAndWrotePngAsync(reply, "g.png");
    }

    [LanguageTheory]
    [InlineData("set -e\necho before\nfalse\necho after", "before\n")]
    [InlineData("set -euo pipefail\necho before\nfalse | true\necho after", "before\n")]
    [InlineData("set -u\necho before\necho \"$NOT_SET_ANYWHERE\"\necho after", "before\n")]
    public async Task Exec_BashStrictMode_StopsAtTheFirstFailure(string code, string expectedStdout)
    {
        var reply = await ExecAsync("bash", code);

        Assert.Equal(expectedStdout, reply.Str("stdout"));
        Assert.True(reply["run"]?["code"]?.GetValue<int>() is { } exit && exit != 0, reply.ToJsonString());
    }

    [LanguageFact]
    public async Task Exec_BashPipes_Work()
    {
        const string Code = """
            printf 'pear\napple\nfig\napple\n' | sort | uniq -c | sort -rn | head -n 1 | awk '{print $2, $1}'
            seq 1 10 | awk '{ s += $1 } END { print s }'
            """;

        var reply = await ExecAsync("bash", Code);

        reply.AssertRan("apple 2\n55\n");
    }

    [LanguageFact]
    public async Task Exec_BashHereDocs_ExpandAndQuote()
    {
        const string Code = """
            name=world
            cat <<EOF > greeting.txt
            hello $name
            EOF
            cat <<'RAW'
            literal $name
            RAW
            cat greeting.txt
            """;

        var reply = await ExecAsync("bash", Code);

        reply.AssertRan("literal $name\nhello world\n");
        Assert.Equal("greeting.txt", Assert.Single(reply.Files())?.Str("name"));
    }

    [LanguageFact]
    public async Task Exec_BashCallsOtherRuntimes()
    {
        const string Code = """
            set -e
            python3 -c 'print(6 * 7)'
            node -e 'console.log(6 * 7)'
            python3 - <<'PY'
            import sys
            print(sys.version_info[0])
            PY
            """;

        var reply = await ExecAsync("bash", Code);

        reply.AssertRan("42\n42\n3\n");
    }

    private async Task<JsonObject> ExecAsync(string lang, string code)
    {
        await LanguageAvailability.RequireAsync(Client, lang);
        return await Client.ExecAsync(lang, code);
    }

    private async Task AssertRanAndWrotePngAsync(JsonObject reply, string name)
    {
        Assert.True(reply["run"]?["code"]?.GetValue<int>() == 0, reply.ToJsonString());
        var file = reply.FileNamed(name);
        using var response = await Client.GetAsync($"download/{reply.Str("session_id")}/{Contract.AssertId(file["id"])}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 1000, $"{name} is only {bytes.Length} bytes");
        Assert.Equal(_pngMagic, bytes.Take(8).ToArray());
    }
}
