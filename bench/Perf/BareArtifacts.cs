namespace CodeInterpreter.Bench;

/// <summary>Each hello world compiled once, outside the service, with the catalog's flags; argv to run each bare.</summary>
internal sealed class BareArtifacts : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ci-bench-bare-").FullName;
    private string? _esbuild;

    public static async Task<BareArtifacts> BuildAsync(string repo)
    {
        var artifacts = new BareArtifacts();
        var esbuild = Directory.EnumerateFiles(Path.Combine(repo, "tools/esbuild/node_modules/@esbuild"), "esbuild", SearchOption.AllDirectories).FirstOrDefault();
        artifacts._esbuild = esbuild;
        foreach (var hello in Hello.All)
        {
            var dir = Path.Combine(artifacts._dir, hello.Lang);
            Directory.CreateDirectory(dir);
            var source = Path.Combine(dir, hello.SourceName);
            await File.WriteAllTextAsync(source, hello.Code);
            IReadOnlyList<string>? compile = hello.Lang switch
            {
                "c" => ["/usr/bin/gcc", "-std=gnu17", "-O2", "-pipe", "-o", $"{dir}/main", source, "-lm"],
                "cpp" => ["/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-o", $"{dir}/main", source, "-lm"],
                "rs" => ["/usr/bin/rustc", "--edition", "2021", "-C", "debuginfo=0", "-o", $"{dir}/main", source],
                "go" => ["/usr/bin/go", "build", "-o", $"{dir}/main", source],
                "java" => ["/usr/bin/javac", "-d", dir, source],
                "ts" when esbuild is not null => [esbuild, source, $"--outfile={dir}/main.mjs", "--format=esm", "--platform=node", "--log-level=warning"],
                _ => null,
            };
            if (compile is not null)
            {
                await Bare.RunAsync(compile, dir);
            }
        }
        return artifacts;
    }

    public IReadOnlyList<string> ArgvFor(Hello hello)
    {
        var dir = Path.Combine(_dir, hello.Lang);
        var source = Path.Combine(dir, hello.SourceName);
        return hello.Lang switch
        {
            "py" => ["/usr/bin/python3", source],
            "js" => ["/usr/bin/node", source],
            "ts" => ["/usr/bin/node", $"{dir}/main.mjs"],
            "bash" => ["/usr/bin/bash", source],
            "php" => ["/usr/bin/php", source],
            "r" => ["/usr/bin/Rscript", source],
            "java" => ["/usr/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", dir, "Main"],
            _ => [$"{dir}/main"],
        };
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
