namespace CodeInterpreter.Languages;

/// <summary>Languages that run their source directly.</summary>
internal static class Interpreted
{
    private const string Source = LanguageCatalog.SourcePlaceholder;

    public static LanguageSpec Python { get; } = new()
    {
        Code = "py",
        Aliases = ["python", "python3"],
        SourceFileName = "main.py",
        RunArgv = ["/usr/bin/python3", Source],
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
        Warm = WarmRunner.Python,
        UsesMatplotlibFontCache = true,
    };

    public static LanguageSpec JavaScript { get; } = new()
    {
        Code = "js",
        Aliases = ["javascript", "node", "nodejs"],
        SourceFileName = "main.js",
        RunArgv = ["/usr/bin/node", Source],
        Environment = new Dictionary<string, string> { ["NODE_PATH"] = "/mnt/data" },
        // node's libuv pool and V8 threads count against the process limit.
        ProcessMultiplier = 1.5,
        VersionProbe = ["/usr/bin/node", "--version"],
    };

    public static LanguageSpec Php { get; } = new()
    {
        Code = "php",
        SourceFileName = "main.php",
        // Models often omit the opening tag; without it PHP would echo the code as text.
        Prepare = (code, file) => new PreparedSource(file, code.TrimStart().StartsWith("<?", StringComparison.Ordinal) ? code : "<?php\n" + code, null),
        RunArgv = ["/usr/bin/php", Source],
        VersionProbe = ["/usr/bin/php", "--version"],
    };

    public static LanguageSpec R { get; } = new()
    {
        Code = "r",
        Aliases = ["rscript"],
        SourceFileName = "main.R",
        RunArgv = ["/usr/bin/Rscript", "--no-save", "--no-restore", Source],
        Environment = new Dictionary<string, string> { ["R_LIBS_USER"] = "/tmp/R" },
        VersionProbe = ["/usr/bin/Rscript", "--version"],
    };

    public static LanguageSpec Bash { get; } = new()
    {
        Code = "bash",
        Aliases = ["sh", "shell"],
        SourceFileName = "main.sh",
        RunArgv = ["/usr/bin/bash", Source],
        VersionProbe = ["/usr/bin/bash", "--version"],
    };
}
