namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>Finds the service's build output: src/CodeInterpreter/bin/&lt;Configuration&gt;/net10.0/CodeInterpreter.dll.</summary>
internal static class ServiceBinary
{
    public static string DllPath()
    {
        var repoRoot = RepoRoot();
        var path = Path.Combine(repoRoot, "src", "CodeInterpreter", "bin", Configuration(), "net10.0", "CodeInterpreter.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Service build output not found at {path}; build the solution first.", path);
        }
        return path;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeInterpreter.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No CodeInterpreter.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The test assembly lives in .../bin/&lt;Configuration&gt;/net10.0/; the service is built the same way.</summary>
    private static string Configuration()
    {
        var segments = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        return bin >= 0 && bin + 1 < segments.Length ? segments[bin + 1] : "Debug";
    }
}
