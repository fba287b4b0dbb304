using System.Security.Cryptography;

namespace CodeInterpreter.Files;

/// <summary>Session and file ids: exactly 21 characters of the nanoid alphabet, from a CSPRNG.</summary>
public static class Ids
{
    public const int Length = 21;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>True for exactly 21 characters of <c>[A-Za-z0-9_-]</c>; this alone rules out traversal through ids.</summary>
    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
