using System.Net;
using CodeInterpreter.Hosting;

namespace CodeInterpreter.Tests.Hosting;

public sealed class TrustedProxiesTests
{
    [Fact]
    public void Default_TrustsNoProxy_NotEvenLoopback()
    {
        Assert.Empty(TrustedProxies.Parse(TrustedProxies.Default));
        Assert.Empty(TrustedProxies.Parse(new CodeInterpreter.Hosting.ServerOptions().TrustedProxies));
        Assert.Empty(TrustedProxies.Parse(" "));
    }

    [Fact]
    public void AddressesAndRanges_Parse_AndNoneTrustsNothing()
    {
        var ranges = TrustedProxies.Parse("10.0.0.0/8, 192.168.1.5 ,fd00::/8").ToList();

        Assert.True(ranges[0].Contains(IPAddress.Parse("10.1.2.3")));
        Assert.True(ranges[1].Contains(IPAddress.Parse("192.168.1.5")));
        Assert.False(ranges[1].Contains(IPAddress.Parse("192.168.1.6")));
        Assert.Equal(3, ranges.Count);
        Assert.Empty(TrustedProxies.Parse("none"));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("nginx")]
    [InlineData("10.0.0.1, 300.1.1.1")]
    public void BadEntries_AreNamed(string list) => Assert.NotNull(TrustedProxies.Invalid(list));

    [Fact]
    public void GoodLists_AreValid()
    {
        Assert.Null(TrustedProxies.Invalid(TrustedProxies.Default));
        Assert.Null(TrustedProxies.Invalid("none"));
    }
}
