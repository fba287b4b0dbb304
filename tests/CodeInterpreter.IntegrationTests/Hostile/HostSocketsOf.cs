using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The service process seen from the host: its open file descriptors (<c>/proc/PID/fd</c>) and the TCP connections
/// it has accepted, by client address (its socket inodes matched with <c>/proc/net/tcp</c>). Connections the kernel
/// completed but the service never accepted hold no descriptor and are not counted.
/// </summary>
internal static class HostSocketsOf
{
    public static int OpenDescriptors(int pid) => Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();

    /// <summary>Established connections to <paramref name="port"/> held by <paramref name="pid"/>, by remote IPv4 address.</summary>
    public static Dictionary<string, int> AcceptedByAddress(int pid, int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // Closed between the listing and the read.
            }
        }
        var byAddress = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            if (f.Length < 10 || f[3] != "01" || !inodes.Contains(f[9]) || PortOf(f[1]) != port)
            {
                continue;
            }
            var remote = AddressOf(f[2]);
            byAddress[remote] = byAddress.GetValueOrDefault(remote) + 1;
        }
        return byAddress;
    }

    private static int PortOf(string hexEndpoint) => int.Parse(hexEndpoint[(hexEndpoint.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>"0200007F:1F90" is 127.0.0.2 (the address is little-endian hex).</summary>
    private static string AddressOf(string hexEndpoint)
    {
        var value = uint.Parse(hexEndpoint[..hexEndpoint.IndexOf(':')], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new IPAddress(value).ToString();
    }
}
