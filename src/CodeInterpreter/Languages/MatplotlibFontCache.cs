using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Languages;

/// <summary>
/// matplotlib scans every font on first import (~0.2 s here) and caches the list in ~/.cache/matplotlib.
/// Each sandbox starts with an empty $HOME, so the service builds that cache once and each Python run gets
/// the file bound read-only at the place matplotlib looks ($HOME=/tmp).
/// </summary>
public sealed class MatplotlibFontCache(IOptions<LanguageOptions> options, ILogger<MatplotlibFontCache> logger) : IHostedService
{
    public const string SandboxCacheDir = "/tmp/.cache/matplotlib";

    private volatile IReadOnlyList<(string HostPath, string SandboxPath)> _files = [];

    private string Directory => Path.Combine(options.Value.CacheDir, "matplotlib");

    /// <summary>The cache files to bind for a Python run (empty if none could be built).</summary>
    public IReadOnlyList<(string HostPath, string SandboxPath)> Files => _files;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            if (Find().Count == 0)
            {
                await BuildAsync(cancellationToken).ConfigureAwait(false);
                LanguagesLog.FontCachePrepared(logger, Directory);
            }
            _files = Find();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LanguagesLog.FontCacheFailed(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private List<(string, string)> Find() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "fontlist-*.json").Select(f => (f, $"{SandboxCacheDir}/{Path.GetFileName(f)}"))];

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, WorkingDirectory = "/", RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import matplotlib.font_manager");
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["MPLCONFIGDIR"] = Directory;
        psi.Environment["MPLBACKEND"] = "Agg";
        using var process = Process.Start(psi)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 exited {process.ExitCode}: {stderr.Trim()}");
        }
    }
}
