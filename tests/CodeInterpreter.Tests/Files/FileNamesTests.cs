using System.Text.RegularExpressions;
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
        Assert.NotNull(FileNames.Validate(new string('a', 256)));
        Assert.NotNull(FileNames.Validate($"{new string('a', 300)}/b"));
        Assert.Null(FileNames.Validate(new string('a', 255)));
    }

    [Fact]
    public void Validate_CountsUtf8BytesNotCharacters()
    {
        // 128 × 'é' is 128 characters but 256 bytes: the kernel refuses it (ENAMETOOLONG) when a run mounts it.
        Assert.Contains("255 bytes", FileNames.Validate(new string('é', 128)), StringComparison.Ordinal);
        Assert.Null(FileNames.Validate(new string('é', 127) + "a"));
        Assert.NotNull(FileNames.Validate(string.Concat(Enumerable.Repeat("😀", 64))));
        // Each segment fits, the whole does not.
        Assert.Contains("512 bytes", FileNames.Validate(string.Join('/', Enumerable.Repeat(new string('中', 80), 3))), StringComparison.Ordinal);
        Assert.Null(FileNames.Validate(string.Join('/', Enumerable.Repeat(new string('中', 80), 2))));
    }

    [Theory]
    [InlineData(@"report\u202Efdp.exe")]
    [InlineData(@"zero\u200Bwidth.txt")]
    [InlineData(@"joiner\u200D.txt")]
    [InlineData(@"\uFEFFbom.txt")]
    [InlineData(@"soft\u00ADhyphen.txt")]
    [InlineData(@"isolate\u2066x\u2069.txt")]
    [InlineData(@"tag\uDB40\uDC01.txt")]
    [InlineData(@"line\u2028sep.txt")]
    [InlineData(@"lone\uD800.txt")]
    [InlineData(@"c1\u0085.txt")]
    public void Validate_RejectsFormatCharactersAndBrokenUnicode(string escaped)
    {
        var name = Regex.Unescape(escaped);

        Assert.NotNull(FileNames.Validate(name));
        Assert.DoesNotContain(FileNames.Printable(name), c => c > '~');
    }

    [Fact]
    public void Printable_KeepsOrdinaryUnicodeAndMasksTheRest()
    {
        Assert.Equal("résumé 中文 😀.txt", FileNames.Printable("résumé 中文 😀.txt"));
        Assert.Equal("report?fdp.exe", FileNames.Printable("report\u202Efdp.exe"));
        Assert.Equal("a?b?c", FileNames.Printable("a\nb\uD800c"));
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
