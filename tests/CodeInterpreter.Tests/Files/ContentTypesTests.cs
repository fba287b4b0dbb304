using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Files;

public sealed class ContentTypesTests
{
    [Theory]
    [InlineData("data.csv", "text/csv")]
    [InlineData("plot.png", "image/png")]
    [InlineData("result.json", "application/json")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("script.py", "text/x-python")]
    [InlineData("PLOT.PNG", "image/png")]
    [InlineData("dir/sub/table.csv", "text/csv")]
    [InlineData("report.pdf", "application/pdf")]
    [InlineData("Makefile", "application/octet-stream")]
    [InlineData("archive.unknownext", "application/octet-stream")]
    [InlineData("trailing.", "application/octet-stream")]
    public void FromName_MapsExtension(string name, string expected)
    {
        Assert.Equal(expected, ContentTypes.FromName(name));
    }
}
