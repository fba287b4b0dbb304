using System.Text.RegularExpressions;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// The names programs call tools by, exactly as LibreChat's client computes them (<c>normalizeToPythonIdentifier</c>
/// in ProgrammaticToolCalling.ts, <c>normalizeToBashIdentifier</c> in BashProgrammaticToolCalling.ts): the model is
/// told these names, so they must match to the character. JavaScript's <c>\s</c> is spelled out, since .NET's differs
/// (JavaScript counts U+FEFF and not U+0085).
/// </summary>
public static partial class ToolIdentifiers
{
    private static readonly HashSet<string> s_pythonKeywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    };

    private static readonly HashSet<string> s_bashReserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "in", "function", "select",
        "time", "coproc", "declare", "typeset", "local", "readonly", "export", "unset",
    };

    /// <summary>Hyphens and whitespace → <c>_</c>, other invalid characters dropped, a leading digit gets <c>_</c>, a keyword <c>_tool</c>.</summary>
    public static string Python(string name) => Finish(Invalid().Replace(PythonSeparators().Replace(name, "_"), ""), s_pythonKeywords);

    /// <summary>As <see cref="Python"/>, with dots as separators too, and bash's reserved words.</summary>
    public static string Bash(string name) => Finish(Invalid().Replace(BashSeparators().Replace(name, "_"), ""), s_bashReserved);

    private static string Finish(string normalized, HashSet<string> reserved)
    {
        if (normalized.Length > 0 && char.IsAsciiDigit(normalized[0]))
        {
            normalized = "_" + normalized;
        }
        return reserved.Contains(normalized) ? normalized + "_tool" : normalized;
    }

    private const string JsWhitespace = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

    [GeneratedRegex("[-" + JsWhitespace + "]")]
    private static partial Regex PythonSeparators();

    [GeneratedRegex("[-" + JsWhitespace + ".]")]
    private static partial Regex BashSeparators();

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex Invalid();
}
