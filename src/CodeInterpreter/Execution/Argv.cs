using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution;

/// <summary>Fills the catalog's placeholders for one run.</summary>
internal static class Argv
{
    public const string ArtifactDir = "/artifact";

    public static string Substitute(string arg, PreparedSource source, SandboxLimits limits) => arg
        .Replace(LanguageCatalog.SourcePlaceholder, $"{SandboxPaths.Code}/{source.FileName}", StringComparison.Ordinal)
        .Replace(LanguageCatalog.OutPlaceholder, SandboxPaths.WorkDir, StringComparison.Ordinal)
        .Replace(LanguageCatalog.ArtifactPlaceholder, ArtifactDir, StringComparison.Ordinal)
        .Replace(LanguageCatalog.EntryPlaceholder, source.EntryPoint ?? "", StringComparison.Ordinal)
        .Replace(LanguageCatalog.HeapPlaceholder, Math.Max(32, limits.MemoryBytes / 2 / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
