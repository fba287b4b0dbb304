using System.Buffers;
using System.Globalization;
using System.Text;

namespace CodeInterpreter.Files;

/// <summary>Rules for client-supplied relative file names (upload names, exec refs, output paths).</summary>
public static class FileNames
{
    /// <summary>
    /// Longest name in UTF-8 bytes, all segments together: the kernel counts bytes, not characters, and the S3 store's
    /// percent-encoded copy of the name (up to 3 characters a byte) must stay within S3's 2 KB of metadata.
    /// </summary>
    public const int MaxBytes = 512;

    /// <summary>Longest segment in UTF-8 bytes (the kernel's NAME_MAX): a longer one is ENAMETOOLONG when a run mounts it.</summary>
    public const int MaxSegmentBytes = 255;

    public const int MaxDepth = 10;

    /// <summary>
    /// Validates a relative name such as <c>data.csv</c> or <c>dir/a.csv</c>. Returns null when valid, else the reason.
    /// Rejects absolute paths, <c>..</c> and <c>.</c> segments, backslashes, empty segments, names over the byte
    /// limits, invalid UTF-16, and characters that hide or disguise a name: control characters, line and paragraph
    /// separators and Unicode format characters (bidi overrides turn <c>report\u202Efdp.exe</c> into "reportexe.pdf"
    /// on screen; zero-width ones make two names look alike).
    /// </summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "file name is empty";
        }
        if (name[0] == '/')
        {
            return "file name must be relative";
        }
        if (CharacterProblem(name) is { } problem)
        {
            return problem;
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"file name is longer than {MaxBytes} bytes (UTF-8)";
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
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a file name segment is longer than {MaxSegmentBytes} bytes (UTF-8)";
            }
        }
        return null;
    }

    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>A name fit for a note or a log line: every character <see cref="Validate"/> refuses becomes <c>?</c>.</summary>
    public static string Printable(string name)
    {
        var text = new StringBuilder(name.Length);
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            text.Append(status != OperationStatus.Done || IsHidden(rune) ? "?" : rune.ToString());
            rest = rest[consumed..];
        }
        return text.ToString();
    }

    private static string? CharacterProblem(string name)
    {
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return "file name is not valid Unicode (a lone surrogate)";
            }
            if (rune.Value == '\\' || Rune.IsControl(rune))
            {
                return "file name contains a backslash or a control character";
            }
            if (IsHidden(rune))
            {
                return $"file name contains an invisible formatting character (U+{rune.Value:X4}), such as a bidi override or a zero-width character";
            }
            rest = rest[consumed..];
        }
        return null;
    }

    /// <summary>Control, format (Cf: bidi overrides, zero-width characters, soft hyphen, BOM) and line/paragraph separators.</summary>
    private static bool IsHidden(Rune rune) => Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

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
