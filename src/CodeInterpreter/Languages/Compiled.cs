namespace CodeInterpreter.Languages;

/// <summary>Languages that compile first, in a sandbox run of their own; the run gets the artifact read-only.</summary>
internal static class Compiled
{
    private const string Source = LanguageCatalog.SourcePlaceholder;
    private const string Out = LanguageCatalog.OutPlaceholder;
    private const string Artifact = LanguageCatalog.ArtifactPlaceholder;
    private const string SandboxEsbuild = "/opt/esbuild/esbuild";

    private static readonly IReadOnlyDictionary<string, string> s_none = new Dictionary<string, string>();
    private static readonly IReadOnlyList<string> s_binary = [$"{Artifact}/main"];

    /// <summary>
    /// ESM output with <c>require</c>, <c>__filename</c> and <c>__dirname</c> defined: models write both
    /// <c>import fs from 'fs'</c> and <c>const fs = require('fs')</c>, and sometimes top-level await.
    /// </summary>
    private const string EsmBanner =
        "import { createRequire as __ciCreateRequire } from 'node:module';" +
        "import { fileURLToPath as __ciFileURLToPath } from 'node:url';" +
        "const require = __ciCreateRequire(import.meta.url);" +
        "const __filename = __ciFileURLToPath(import.meta.url);" +
        "const __dirname = '/mnt/data';";

    public static LanguageSpec TypeScript(string? esbuildPath) => new()
    {
        Code = "ts",
        Aliases = ["typescript"],
        SourceFileName = "main.ts",
        Compile = new CompileSpec(
            [SandboxEsbuild, Source, $"--outfile={Out}/main.mjs", "--format=esm", "--platform=node", "--target=node18",
                "--log-level=warning", $"--banner:js={EsmBanner}"],
            s_none)
        {
            Binds = esbuildPath is null ? [] : [(esbuildPath, SandboxEsbuild)],
        },
        RunArgv = ["/usr/bin/node", $"{Artifact}/main.mjs"],
        Environment = new Dictionary<string, string> { ["NODE_PATH"] = "/mnt/data" },
        ProcessMultiplier = 1.5,
        VersionProbe = [esbuildPath ?? SandboxEsbuild, "--version"],
    };

    public static LanguageSpec C { get; } = new()
    {
        Code = "c",
        SourceFileName = "main.c",
        Compile = new CompileSpec(["/usr/bin/gcc", "-std=gnu17", "-O2", "-pipe", "-o", $"{Out}/main", Source, "-lm"], s_none),
        RunArgv = s_binary,
        VersionProbe = ["/usr/bin/gcc", "-dumpfullversion"],
    };

    public static LanguageSpec Cpp { get; } = new()
    {
        Code = "cpp",
        Aliases = ["c++", "cxx"],
        SourceFileName = "main.cpp",
        Compile = new CompileSpec(["/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-o", $"{Out}/main", Source, "-lm"], s_none),
        RunArgv = s_binary,
        VersionProbe = ["/usr/bin/g++", "-dumpfullversion"],
    };

    public static LanguageSpec Java { get; } = new()
    {
        Code = "java",
        SourceFileName = "Main.java",
        Prepare = JavaSource.Prepare,
        Compile = new CompileSpec(
            ["/usr/bin/javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto", "-encoding", "UTF-8",
                "-d", Out, Source],
            s_none),
        RunArgv =
        [
            "/usr/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", $"-Xmx{LanguageCatalog.HeapPlaceholder}m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-Dfile.encoding=UTF-8",
            "-cp", Artifact, LanguageCatalog.EntryPlaceholder,
        ],
        // The JVM reserves far more than it touches; the cgroup is the real limit, the heap is half of it.
        ProcessMultiplier = 2,
        VersionProbe = ["/usr/bin/javac", "-version"],
    };

    public static LanguageSpec Rust { get; } = new()
    {
        Code = "rs",
        Aliases = ["rust"],
        SourceFileName = "main.rs",
        Compile = new CompileSpec(["/usr/bin/rustc", "--edition", "2021", "-C", "debuginfo=0", "-o", $"{Out}/main", Source], s_none),
        RunArgv = s_binary,
        VersionProbe = ["/usr/bin/rustc", "--version"],
    };

    public static LanguageSpec Go { get; } = new()
    {
        Code = "go",
        Aliases = ["golang"],
        SourceFileName = "main.go",
        Compile = new CompileSpec(
            ["/usr/bin/go", "build", "-o", $"{Out}/main", Source],
            // A private build cache per compile on the job's own /tmp: never a writable cache shared between jobs.
            new Dictionary<string, string> { ["GOCACHE"] = "/tmp/go-cache", ["GOPATH"] = "/tmp/go", ["GOFLAGS"] = "-buildvcs=false" }),
        RunArgv = s_binary,
        ProcessMultiplier = 1.5,
        VersionProbe = ["/usr/bin/go", "version"],
    };

    public static LanguageSpec D { get; } = new()
    {
        Code = "d",
        Aliases = ["dlang"],
        SourceFileName = "main.d",
        // Object files go to /tmp, so the artifact is the binary alone.
        Compile = new CompileSpec(["/usr/bin/ldc2", "-od=/tmp", $"-of={Out}/main", Source], s_none),
        RunArgv = s_binary,
        VersionProbe = ["/usr/bin/ldc2", "--version"],
    };

    public static LanguageSpec Fortran { get; } = new()
    {
        Code = "f90",
        Aliases = ["fortran", "f95"],
        SourceFileName = "main.f90",
        // Module files go to /tmp, so the artifact is the binary alone.
        Compile = new CompileSpec(["/usr/bin/gfortran", "-O2", "-pipe", "-J/tmp", "-o", $"{Out}/main", Source], s_none),
        RunArgv = s_binary,
        VersionProbe = ["/usr/bin/gfortran", "-dumpfullversion"],
    };
}
