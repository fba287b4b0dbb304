namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The attack programs in Hostile/Programs/&lt;area&gt;/, read from the source tree. The extension names the language;
/// <c>@@NAME@@</c> placeholders are filled with what only the test knows (the service's port and data dir, the
/// canary's ids, the host sockets' names).
/// </summary>
internal static class HostilePrograms
{
    private static readonly Dictionary<string, string> s_languages = new(StringComparer.Ordinal)
    {
        [".py"] = "py", [".c"] = "c", [".cpp"] = "cpp", [".sh"] = "bash", [".js"] = "js", [".java"] = "java",
    };

    private static readonly Lazy<string> s_root = new(FindRoot);

    public static (string Lang, string Code) Load(string relativePath, IReadOnlyDictionary<string, string> placeholders)
    {
        var code = File.ReadAllText(Path.Combine(s_root.Value, relativePath));
        foreach (var (name, value) in placeholders)
        {
            code = code.Replace($"@@{name}@@", value, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("@@", code.Replace("'@@'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        return (s_languages[Path.GetExtension(relativePath)], code);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var programs = Path.Combine(dir.FullName, "tests", "CodeInterpreter.IntegrationTests", "Hostile", "Programs");
            if (Directory.Exists(programs))
            {
                return programs;
            }
        }
        throw new DirectoryNotFoundException($"Hostile/Programs not found above {AppContext.BaseDirectory}.");
    }
}
