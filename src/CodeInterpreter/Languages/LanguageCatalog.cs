using System.Collections.Frozen;

namespace CodeInterpreter.Languages;

/// <summary>The table of languages this service runs. Codes and aliases are matched case-insensitively.</summary>
public sealed class LanguageCatalog
{
    public const string SourcePlaceholder = "{source}";

    private readonly FrozenDictionary<string, LanguageSpec> _byName;

    public LanguageCatalog(IEnumerable<LanguageSpec> languages)
    {
        All = [.. languages];
        var names = new Dictionary<string, LanguageSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in All)
        {
            foreach (var name in language.Aliases.Prepend(language.Code))
            {
                names.Add(name, language);
            }
        }
        _byName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<LanguageSpec> All { get; }

    public LanguageSpec? Find(string? name) =>
        name is not null && _byName.TryGetValue(name.Trim(), out var spec) ? spec : null;

    /// <summary>The languages of this release, with Debian's runtimes at absolute paths.</summary>
    public static LanguageCatalog Default { get; } = new(
    [
        new LanguageSpec
        {
            Code = "py",
            Aliases = ["python", "python3"],
            SourceFileName = "main.py",
            RunArgv = ["/usr/bin/python3", SourcePlaceholder],
            Environment = new Dictionary<string, string>
            {
                // Headless plotting; plt.savefig works without a display.
                ["MPLBACKEND"] = "Agg",
                // Uploaded modules in /mnt/data are importable, as when a script runs from its own folder.
                ["PYTHONPATH"] = "/mnt/data",
                // No __pycache__ folders showing up as output files.
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["PYTHONUNBUFFERED"] = "1",
                ["PYTHONIOENCODING"] = "utf-8",
            },
            VersionProbe = ["/usr/bin/python3", "--version"],
        },
        new LanguageSpec
        {
            Code = "js",
            Aliases = ["javascript", "node", "nodejs"],
            SourceFileName = "main.js",
            RunArgv = ["/usr/bin/node", SourcePlaceholder],
            // node's libuv pool and V8 threads count against the process limit.
            ProcessMultiplier = 1.5,
            VersionProbe = ["/usr/bin/node", "--version"],
        },
        new LanguageSpec
        {
            Code = "bash",
            Aliases = ["sh", "shell"],
            SourceFileName = "main.sh",
            RunArgv = ["/usr/bin/bash", SourcePlaceholder],
            VersionProbe = ["/usr/bin/bash", "-c", "echo ${BASH_VERSION}"],
        },
    ]);
}
