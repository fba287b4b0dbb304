namespace CodeInterpreter.Files;

/// <summary>Rules for client-supplied relative file names (upload names, exec refs, output paths).</summary>
public static class FileNames
{
    public const int MaxLength = 256;
    public const int MaxDepth = 10;

    /// <summary>
    /// Validates a relative name such as <c>data.csv</c> or <c>dir/a.csv</c>. Returns null when valid, else the reason.
    /// Rejects absolute paths, <c>..</c> and <c>.</c> segments, backslashes, NUL and control characters, empty segments.
    /// </summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "file name is empty";
        }
        if (name.Length > MaxLength)
        {
            return $"file name is longer than {MaxLength} characters";
        }
        if (name[0] == '/')
        {
            return "file name must be relative";
        }
        foreach (var c in name)
        {
            if (c == '\\' || char.IsControl(c))
            {
                return "file name contains a backslash or a control character";
            }
        }
        var segments = name.Split('/');
        if (segments.Length > MaxDepth)
        {
            return $"file name is nested deeper than {MaxDepth} levels";
        }
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "file name has an empty, '.' or '..' segment";
            }
            if (segment.Length > 255)
            {
                return "a file name segment is longer than 255 bytes";
            }
        }
        return null;
    }

    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>The extension (with the dot, lower-cased) used in object keys; empty when none or odd.</summary>
    public static string KeyExtension(string name)
    {
        var leaf = name[(name.LastIndexOf('/') + 1)..];
        var dot = leaf.LastIndexOf('.');
        if (dot <= 0 || dot == leaf.Length - 1)
        {
            return "";
        }
        var ext = leaf[dot..];
        if (ext.Length > 16)
        {
            return "";
        }
        foreach (var c in ext.AsSpan(1))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return "";
            }
        }
        return ext.ToLowerInvariant();
    }
}
