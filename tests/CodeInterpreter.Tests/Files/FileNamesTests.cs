using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Files;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("data.csv")]
    [InlineData("dir/a.csv")]
    [InlineData("a b (1).txt")]
    [InlineData("résumé.pdf")]
    [InlineData(".hidden")]
    [InlineData("a/b/c/d/e/f/g/h/i/j.txt")]
    public void Validate_AcceptsRelativeNames(string name) => Assert.Null(FileNames.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./x")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("line\nbreak")]
    [InlineData("a/b/c/d/e/f/g/h/i/j/k.txt")]
    public void Validate_RejectsTraversalAndOddNames(string name) => Assert.NotNull(FileNames.Validate(name));

    [Fact]
    public void Validate_RejectsOverlongNames()
    {
        Assert.NotNull(FileNames.Validate(new string('a', 257)));
        Assert.NotNull(FileNames.Validate($"{new string('a', 300)}/b"));
        Assert.Null(FileNames.Validate(new string('a', 200)));
    }

    [Theory]
    [InlineData("data.csv", ".csv")]
    [InlineData("dir.d/plot.PNG", ".png")]
    [InlineData("archive.tar.gz", ".gz")]
    [InlineData("Makefile", "")]
    [InlineData(".bashrc", "")]
    [InlineData("weird.e$t", "")]
    [InlineData("trailing.", "")]
    public void KeyExtension_IsLowerCaseAndSafe(string name, string extension) => Assert.Equal(extension, FileNames.KeyExtension(name));
}
