using System.Collections.Frozen;

namespace CodeInterpreter.Languages;

/// <summary>The table of languages this service runs. Codes and aliases are matched case-insensitively.</summary>
public sealed class LanguageCatalog
{
    public const string SourcePlaceholder = "{source}";
    public const string OutPlaceholder = "{out}";
    public const string ArtifactPlaceholder = "{artifact}";
    public const string EntryPlaceholder = "{entry}";
    public const string HeapPlaceholder = "{heap_mb}";

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

    /// <summary>The catalog with esbuild where the install step put it (see <see cref="LanguageOptions.EsbuildPath"/>).</summary>
    public static LanguageCatalog Default { get; } = Create(LanguageOptions.FindEsbuild());

    /// <summary>The thirteen languages of the contract, with Debian's toolchains at absolute paths.</summary>
    public static LanguageCatalog Create(string? esbuildPath) => new(
    [
        Interpreted.Python,
        Interpreted.JavaScript,
        Compiled.TypeScript(esbuildPath),
        Compiled.C,
        Compiled.Cpp,
        Compiled.Java,
        Interpreted.Php,
        Compiled.Rust,
        Compiled.Go,
        Compiled.D,
        Compiled.Fortran,
        Interpreted.R,
        Interpreted.Bash,
    ]);
}
