using CodeInterpreter.Api;

namespace CodeInterpreter.Tests.Api;

public sealed class ContentDispositionTests
{
    [Fact]
    public void AsciiName_IsQuotedAndEncoded() =>
        Assert.Equal("attachment; filename=\"plot.png\"; filename*=UTF-8''plot.png", DownloadApi.ContentDisposition("plot.png"));

    [Fact]
    public void NestedName_UsesTheLeaf() =>
        Assert.StartsWith("attachment; filename=\"a.csv\";", DownloadApi.ContentDisposition("dir/sub/a.csv"), StringComparison.Ordinal);

    [Fact]
    public void NonAscii_GetsRfc5987Encoding() =>
        Assert.Equal("attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", DownloadApi.ContentDisposition("résumé.pdf"));

    [Fact]
    public void QuotesAndLineBreaks_NeverReachTheHeader()
    {
        var header = DownloadApi.ContentDisposition("a\"b\r\nX-Evil: 1.txt");
        Assert.DoesNotContain('\r', header);
        Assert.DoesNotContain('\n', header);
        Assert.Equal(2, header.Count(c => c == '"'));
    }
}
