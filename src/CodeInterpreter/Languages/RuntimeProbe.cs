using System.Collections.Frozen;
using System.Diagnostics;

namespace CodeInterpreter.Languages;

/// <summary>Whether a language's runtime is installed, and its version.</summary>
public sealed record RuntimeInfo(bool Available, string Version);

/// <summary>Runs each language's version probe once (outside the sandbox: our own fixed argv) and remembers the answer.</summary>
public sealed partial class RuntimeProbe(LanguageCatalog catalog, ILogger<RuntimeProbe> logger)
{
    private readonly Lazy<Task<FrozenDictionary<string, RuntimeInfo>>> _versions = new(() => ProbeAllAsync(catalog, logger));

    public Task<FrozenDictionary<string, RuntimeInfo>> GetAllAsync() => _versions.Value;

    public async Task<RuntimeInfo> GetAsync(LanguageSpec language) =>
        (await GetAllAsync().ConfigureAwait(false)).GetValueOrDefault(language.Code) ?? new RuntimeInfo(false, "unknown");

    private static async Task<FrozenDictionary<string, RuntimeInfo>> ProbeAllAsync(LanguageCatalog catalog, ILogger logger)
    {
        var results = await Task.WhenAll(catalog.All.Select(async l => (l.Code, Info: await ProbeAsync(l, logger).ConfigureAwait(false))))
            .ConfigureAwait(false);
        return results.ToFrozenDictionary(r => r.Code, r => r.Info);
    }

    private static async Task<RuntimeInfo> ProbeAsync(LanguageSpec language, ILogger logger)
    {
        try
        {
            var psi = new ProcessStartInfo(language.VersionProbe[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            foreach (var arg in language.VersionProbe.Skip(1))
            {
                psi.ArgumentList.Add(arg);
            }
            psi.Environment.Clear();
            psi.Environment["PATH"] = "/usr/bin:/bin";
            using var process = Process.Start(psi)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var text = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return new RuntimeInfo(process.ExitCode == 0, VersionOf(line));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            LanguagesLog.RuntimeMissing(logger, language.Code, e.Message);
            return new RuntimeInfo(false, "not installed");
        }
    }

    /// <summary>The first version-looking word: "Python 3.11.2" → "3.11.2", "go version go1.19.8" → "1.19.8".</summary>
    internal static string VersionOf(string line) => VersionPattern().Match(line) is { Success: true } m ? m.Value : line;

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(\.\d+)+[\w.+~-]*")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();
}
