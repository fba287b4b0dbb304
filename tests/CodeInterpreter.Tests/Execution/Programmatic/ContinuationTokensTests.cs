using CodeInterpreter.Execution.Programmatic;

namespace CodeInterpreter.Tests.Execution.Programmatic;

public sealed class ContinuationTokensTests
{
    [Fact]
    public void ATokenNamesItsNode_AndCarries256RandomBits()
    {
        var node = new NodeIdentity();
        var tokens = Enumerable.Range(0, 200).Select(_ => ContinuationTokens.New(node.Id)).ToList();

        Assert.Equal(200, tokens.Distinct().Count());
        Assert.All(tokens, t =>
        {
            Assert.True(ContinuationTokens.TryGetNode(t, out var named));
            Assert.Equal(node.Id, named);
            Assert.Equal(43, t.Split('.')[2].Length);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("ptc1.short.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ptc1.abcdefghijkl.tooshort")]
    [InlineData("ptc1.ABCDEFGHIJKL.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ptc2.abcdefghijkl.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ptc1.abcdefghijkl.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")]
    [InlineData("ptc1.http://evil.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void AnythingElse_NamesNoNode(string token) => Assert.False(ContinuationTokens.TryGetNode(token, out _));

    [Fact]
    public void TheServiceKeepsAHash_NotTheToken()
    {
        var token = ContinuationTokens.New(new NodeIdentity().Id);
        Assert.Equal(64, ContinuationTokens.Hash(token).Length);
        Assert.DoesNotContain(token.Split('.')[2], ContinuationTokens.Hash(token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.0.0.5:8700", true)]
    [InlineData("https://node-a.internal", true)]
    [InlineData("http://10.0.0.5:8700/", false)]
    [InlineData("http://user:pw@10.0.0.5:8700", false)]
    [InlineData("http://10.0.0.5:8700/v1", false)]
    [InlineData("http://10.0.0.5:8700?x=1", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("10.0.0.5:8700", false)]
    public void PeerUrls_AreSchemeHostAndPortOnly(string url, bool valid) => Assert.Equal(valid, PeerUrls.IsValid(url));
}
