using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// <c>ptc1.&lt;node&gt;.&lt;secret&gt;</c>: the node that holds the paused program (so any node can forward the
/// continuation there) and 256 bits from a CSPRNG. A new token is issued at every pause, so a used one is worthless.
/// The service keeps only its SHA-256, and compares callers, never tokens, in its lookups.
/// </summary>
public static partial class ContinuationTokens
{
    public static string New(string nodeId)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"ptc1.{nodeId}.{secret}";
    }

    /// <summary>The node a well-formed token names; false for anything else.</summary>
    public static bool TryGetNode(string? token, out string nodeId)
    {
        var match = token is null ? Match.Empty : Pattern().Match(token);
        nodeId = match.Success ? match.Groups[1].Value : "";
        return match.Success;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [GeneratedRegex("^ptc1\\.([a-z0-9]{12})\\.[A-Za-z0-9_-]{43}\\z")]
    private static partial Regex Pattern();
}

/// <summary>This node's id for the life of the process: tokens name it, the peer registry maps it to an address.</summary>
public sealed class NodeIdentity
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public string Id { get; } = RandomNumberGenerator.GetString(Alphabet, 12);

    public static bool IsValid(string? id) => id is { Length: 12 } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
