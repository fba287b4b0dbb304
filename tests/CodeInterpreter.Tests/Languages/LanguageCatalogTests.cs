using CodeInterpreter.Languages;

namespace CodeInterpreter.Tests.Languages;

public sealed class LanguageCatalogTests
{
    [Theory]
    [InlineData("py", "py")]
    [InlineData("python", "py")]
    [InlineData("Python3", "py")]
    [InlineData("js", "js")]
    [InlineData("node", "js")]
    [InlineData("javascript", "js")]
    [InlineData("bash", "bash")]
    [InlineData("sh", "bash")]
    public void Aliases_FindTheContractCode(string name, string code) => Assert.Equal(code, LanguageCatalog.Default.Find(name)?.Code);

    [Theory]
    [InlineData("cobol")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_IsNull(string? name) => Assert.Null(LanguageCatalog.Default.Find(name));

    [Fact]
    public void EveryRuntime_IsAnAbsolutePath_AndNamesTheSource()
    {
        Assert.All(LanguageCatalog.Default.All, l =>
        {
            Assert.StartsWith("/usr/bin/", l.RunArgv[0], StringComparison.Ordinal);
            Assert.Contains(LanguageCatalog.SourcePlaceholder, l.RunArgv);
        });
    }

    [Theory]
    [InlineData("Python 3.11.2", "3.11.2")]
    [InlineData("v18.19.0", "18.19.0")]
    [InlineData("5.2.15(1)-release", "5.2.15(1)-release")]
    public void VersionOf_TakesTheFirstVersionLikeWord(string line, string version) => Assert.Equal(version, RuntimeProbe.VersionOf(line));
}
