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
    public void TheContractsThirteenCodes_AreAllThere() =>
        Assert.Equal(["bash", "c", "cpp", "d", "f90", "go", "java", "js", "php", "py", "r", "rs", "ts"],
            LanguageCatalog.Default.All.Select(l => l.Code).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("typescript", "ts")]
    [InlineData("c++", "cpp")]
    [InlineData("rust", "rs")]
    [InlineData("golang", "go")]
    [InlineData("fortran", "f90")]
    public void IssueAliases_FindTheirCodes(string alias, string code) => Assert.Equal(code, LanguageCatalog.Default.Find(alias)?.Code);

    [Fact]
    public void InterpretedRuntimes_RunTheSource_CompiledOnesTheArtifact()
    {
        Assert.All(LanguageCatalog.Default.All, l =>
        {
            Assert.True(l.RunArgv[0].StartsWith('/') || l.RunArgv[0].StartsWith(LanguageCatalog.ArtifactPlaceholder + "/", StringComparison.Ordinal),
                $"{l.Code} runs {l.RunArgv[0]}, not an absolute path");
            var placeholder = l.Compile is null ? LanguageCatalog.SourcePlaceholder : LanguageCatalog.ArtifactPlaceholder;
            Assert.Contains(l.RunArgv, a => a.Contains(placeholder, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Compilers_ReadTheSourceAndWriteToOut()
    {
        Assert.All(LanguageCatalog.Default.All.Where(l => l.Compile is not null), l =>
        {
            Assert.StartsWith("/", l.Compile!.Argv[0], StringComparison.Ordinal);
            Assert.Contains(LanguageCatalog.SourcePlaceholder, l.Compile.Argv);
            Assert.Contains(l.Compile.Argv, a => a.Contains(LanguageCatalog.OutPlaceholder, StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("echo 1;", "<?php\necho 1;")]
    [InlineData("<?php echo 1;", "<?php echo 1;")]
    [InlineData("  <?php echo 1;", "  <?php echo 1;")]
    public void Php_GetsItsOpeningTagWhenMissing(string code, string expected) =>
        Assert.Equal(expected.Replace("\\n", "\n", StringComparison.Ordinal), LanguageCatalog.Default.Find("php")!.PrepareSource(code).Text);

    [Theory]
    [InlineData("Python 3.11.2", "3.11.2")]
    [InlineData("v18.19.0", "18.19.0")]
    [InlineData("GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)", "5.2.15")]
    [InlineData("go version go1.19.8 linux/amd64", "1.19.8")]
    [InlineData("LDC - the LLVM D compiler (1.30.0):", "1.30.0")]
    [InlineData("javac 17.0.15", "17.0.15")]
    public void VersionOf_TakesTheFirstVersionLikeWord(string line, string version) => Assert.Equal(version, RuntimeProbe.VersionOf(line));
}
