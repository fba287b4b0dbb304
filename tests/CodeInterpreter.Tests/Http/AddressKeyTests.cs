using System.Net;
using CodeInterpreter.Http;

namespace CodeInterpreter.Tests.Http;

public sealed class AddressKeyTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    public void AddressKey_GroupsIpv6ByPrefix(string address, string key) => Assert.Equal(key, AddressKey.Of(IPAddress.Parse(address)));
}
