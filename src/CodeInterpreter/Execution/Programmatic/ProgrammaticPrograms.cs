using System.Text;
using System.Text.Json;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// What a programmatic run executes, written into the job's read-only /code: the user's code as it came, and a
/// small runtime that defines the tools and talks to the service over the job's channel. Python: an async function
/// per tool (keyword arguments, decoded results, <c>ToolError</c> on failure) and top-level <c>await</c>. Bash: a
/// shell function per tool taking one JSON string and printing the result as one compact JSON value.
/// </summary>
internal static class ProgrammaticPrograms
{
    public const string PythonRunner = "__codeapi_runner.py";
    public const string ToolsJson = "__codeapi_tools.json";
    public const string BashEntry = "__codeapi_main.sh";
    public const string BashTools = "__codeapi_tools.sh";
    public const string BashCall = "__codeapi_call.py";

    private static readonly Lazy<string> s_runner = new(() => Resource("runner.py"));
    private static readonly Lazy<string> s_call = new(() => Resource("call.py"));

    public static bool IsPython(LanguageSpec language) => language.Code == "py";

    /// <summary>The identifier a program uses for a tool in <paramref name="language"/>.</summary>
    public static string Identifier(LanguageSpec language, string toolName) =>
        IsPython(language) ? ToolIdentifiers.Python(toolName) : ToolIdentifiers.Bash(toolName);

    /// <summary>Writes the program's files into <paramref name="codeDir"/> and returns what to run.</summary>
    public static async Task<(IReadOnlyList<string> Argv, Dictionary<string, string> Environment)> WriteAsync(
        string codeDir, ProgrammaticRequest request, CancellationToken cancellationToken)
    {
        var language = request.Run.Language;
        var source = language.PrepareSource(request.Run.Code);
        await File.WriteAllTextAsync(Path.Combine(codeDir, source.FileName), source.Text, cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(language.Environment, StringComparer.Ordinal);
        if (IsPython(language))
        {
            await File.WriteAllTextAsync(Path.Combine(codeDir, PythonRunner), s_runner.Value, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(codeDir, ToolsJson), ToolsManifest(request.Tools), cancellationToken).ConfigureAwait(false);
            return (["/usr/bin/python3", $"{SandboxPaths.Code}/{PythonRunner}"], environment);
        }
        await File.WriteAllTextAsync(Path.Combine(codeDir, BashCall), s_call.Value, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(codeDir, BashTools), BashFunctions(request.Tools), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(codeDir, BashEntry),
            $". {SandboxPaths.Code}/{BashTools}\n. {SandboxPaths.Code}/{source.FileName}\n", cancellationToken).ConfigureAwait(false);
        // The bash tools' attached workspaces name their data dir this way; here it is /mnt/data as well.
        environment["LIBRECHAT_CODE_DATA_DIR"] = SandboxPaths.WorkDir;
        return (["/usr/bin/bash", $"{SandboxPaths.Code}/{BashEntry}"], environment);
    }

    private static string ToolsManifest(IReadOnlyList<ToolSpec> tools)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var tool in tools)
            {
                json.WriteStartObject();
                json.WriteString("name", tool.Identifier);
                json.WriteString("description", tool.Description);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Identifiers are <c>[A-Za-z0-9_]</c> (checked when the request was read): safe as bash words.</summary>
    private static string BashFunctions(IReadOnlyList<ToolSpec> tools)
    {
        var script = new StringBuilder();
        foreach (var tool in tools)
        {
            script.Append(tool.Identifier).Append("() { /usr/bin/python3 -I -S ").Append(SandboxPaths.Code).Append('/').Append(BashCall)
                .Append(' ').Append(tool.Identifier).Append(" \"$@\"; }\nexport -f ").Append(tool.Identifier).Append('\n');
        }
        return script.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(ProgrammaticPrograms).Assembly.GetManifestResourceStream($"CodeInterpreter.Programmatic.{name}")
            ?? throw new InvalidOperationException($"The programmatic runtime file {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
