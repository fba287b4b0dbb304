namespace CodeInterpreter.Languages;

/// <summary>Section "Languages".</summary>
public sealed class LanguageOptions
{
    /// <summary>Where runtime support files (e.g. matplotlib's font cache) are prepared; the service sets &lt;data dir&gt;/cache.</summary>
    public string CacheDir { get; set; } = "";
}
