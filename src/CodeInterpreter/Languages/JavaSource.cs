using System.Text;
using System.Text.RegularExpressions;
using CodeInterpreter.Files;

namespace CodeInterpreter.Languages;

/// <summary>
/// Java wants the file named after its public class and the launcher wants the class holding <c>main</c>.
/// Models write <c>public class Main</c>, <c>Solution</c> or <c>Foo</c>, with or without a package line and with
/// helper classes around it; this finds both names from the source (comments and literals blanked out first).
/// </summary>
internal static partial class JavaSource
{
    public static PreparedSource Prepare(string code, string defaultFileName)
    {
        var text = Blank(code);
        var package = PackageLine().Match(text) is { Success: true } p ? p.Groups[1].Value + "." : "";
        var classes = ClassDeclaration().Matches(text).Select(m => new Declared(m.Groups["name"].Value,
            m.Groups["public"].Success, m.Index, BodyEnd(text, m.Index + m.Length))).ToList();
        var publicTopLevel = classes.FirstOrDefault(c => c.IsPublic && Depth(text, c.Start) == 0);
        // A name the file system cannot hold (over 255 bytes) keeps the default file: javac then reports the
        // mismatch as the program's compile error instead of the service failing to write the source.
        var fileName = publicTopLevel is null || !FileNames.IsValid(publicTopLevel.Name + ".java")
            ? defaultFileName
            : publicTopLevel.Name + ".java";
        var entry = MainMethod().Match(text) is { Success: true } main
            ? classes.Where(c => c.Start < main.Index && main.Index < c.End).MaxBy(c => c.Start)?.Name
            : null;
        entry ??= publicTopLevel?.Name ?? classes.FirstOrDefault()?.Name ?? Path.GetFileNameWithoutExtension(defaultFileName);
        return new PreparedSource(fileName, code, package + entry);
    }

    private sealed record Declared(string Name, bool IsPublic, int Start, int End);

    /// <summary>Index just past the closing brace of the body that starts at the first '{' after <paramref name="from"/>.</summary>
    private static int BodyEnd(string text, int from)
    {
        var open = text.IndexOf('{', from);
        if (open < 0)
        {
            return text.Length;
        }
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i + 1;
            }
        }
        return text.Length;
    }

    private static int Depth(string text, int index) =>
        text.AsSpan(0, index).Count('{') - text.AsSpan(0, index).Count('}');

    /// <summary>Replaces comments, string, text-block and char literals by spaces, keeping offsets.</summary>
    internal static string Blank(string code)
    {
        var result = new StringBuilder(code);
        var i = 0;
        while (i < code.Length)
        {
            var (start, end) = code[i] switch
            {
                '/' when At(code, i + 1, '/') => (i, IndexOrEnd(code, "\n", i)),
                '/' when At(code, i + 1, '*') => (i, IndexOrEnd(code, "*/", i + 2) + 2),
                '"' when code.AsSpan(i).StartsWith("\"\"\"") => (i, IndexOrEnd(code, "\"\"\"", i + 3) + 3),
                '"' or '\'' => (i, LiteralEnd(code, i)),
                _ => (i, i),
            };
            if (end > start)
            {
                for (var j = start; j < Math.Min(end, code.Length); j++)
                {
                    result[j] = code[j] == '\n' ? '\n' : ' ';
                }
                i = end;
            }
            else
            {
                i++;
            }
        }
        return result.ToString();
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static int IndexOrEnd(string s, string value, int from)
    {
        var found = s.IndexOf(value, Math.Min(from, s.Length), StringComparison.Ordinal);
        return found < 0 ? s.Length : found;
    }

    private static int LiteralEnd(string s, int start)
    {
        for (var i = start + 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == s[start] || s[i] == '\n')
            {
                return i + 1;
            }
        }
        return s.Length;
    }

    [GeneratedRegex(@"^\s*package\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"(?<public>\bpublic\s+)?(?:(?:abstract|final|static|sealed|strictfp)\s+)*(?:class|record|enum|interface)\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"\bstatic\s+(?:final\s+)?void\s+main\s*\(")]
    private static partial Regex MainMethod();
}
