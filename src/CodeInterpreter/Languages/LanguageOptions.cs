namespace CodeInterpreter.Languages;

/// <summary>Section "Languages".</summary>
public sealed class LanguageOptions
{
    /// <summary>Where runtime support files are prepared (matplotlib's font cache, the compile cache); the service sets &lt;data dir&gt;/cache.</summary>
    public string CacheDir { get; set; } = "";

    /// <summary>The native esbuild binary for TypeScript (<c>CODE_ESBUILD_PATH</c>); found next to the install when unset.</summary>
    public string? EsbuildPath { get; set; }

    /// <summary>Largest total size of cached compile artifacts (<c>CODE_COMPILE_CACHE_MB</c>); least recently used go first.</summary>
    public int CompileCacheMb { get; set; } = 1024;

    public int CompileTimeoutSeconds { get; set; } = 60;
    public int CompileMemoryMb { get; set; } = 1024;
    public int CompileMaxProcesses { get; set; } = 256;

    /// <summary>
    /// scripts/install-deps.sh installs the pinned esbuild into tools/esbuild of the checkout; the service runs from
    /// that checkout's build output, so look upwards from the binary.
    /// </summary>
    internal static string? FindEsbuild()
    {
        var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            _ => "x64",
        };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "esbuild", "node_modules", "@esbuild", $"linux-{arch}", "bin", "esbuild");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
