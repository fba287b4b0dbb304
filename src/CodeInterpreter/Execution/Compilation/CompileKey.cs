using System.Security.Cryptography;
using System.Text;
using CodeInterpreter.Languages;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>Content address of a compile: language, toolchain version, compile argv and environment, file name, source.</summary>
internal static class CompileKey
{
    public static string For(LanguageSpec language, string toolchainVersion, PreparedSource source)
    {
        var compile = language.Compile!;
        var text = new StringBuilder()
            .Append(language.Code).Append('\0')
            .Append(toolchainVersion).Append('\0')
            .AppendJoin('\u0001', compile.Argv).Append('\0')
            .AppendJoin('\u0001', compile.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")).Append('\0')
            .Append(source.FileName).Append('\0')
            .Append(source.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
