using System.Net;
using System.Net.Sockets;

namespace CodeInterpreter.Http;

/// <summary>The partition of a client address: the IPv4 address, or the /64 of an IPv6 one (a host gets a whole /64).</summary>
public static class AddressKey
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
