namespace CodeInterpreter.Languages;

/// <summary>
/// One runnable language: how its source is named and prepared, how it compiles (if it does) and how it runs inside
/// the sandbox. Placeholders in argv: <c>{source}</c> the source inside the sandbox, <c>{out}</c> the compile output
/// dir, <c>{artifact}</c> the compiled artifact dir (read-only), <c>{entry}</c> the entry point found in the source
/// (Java's main class), <c>{heap_mb}</c> half the memory limit in MiB (for runtimes that size their own heap).
/// </summary>
public sealed record LanguageSpec
{
    /// <summary>The contract code (<c>py</c>, <c>js</c>, ...), also reported as <c>language</c>.</summary>
    public required string Code { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string SourceFileName { get; init; }
    /// <summary>Turns the submitted code into the file to compile or run (names it, adds what a user may omit).</summary>
    public Func<string, string, PreparedSource>? Prepare { get; init; }
    public CompileSpec? Compile { get; init; }
    public required IReadOnlyList<string> RunArgv { get; init; }
    /// <summary>Extra environment inside the sandbox.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>argv (outside the sandbox) whose output names the toolchain version.</summary>
    public required IReadOnlyList<string> VersionProbe { get; init; }
    /// <summary>Multiplies the configured memory limit (runtimes with large heaps).</summary>
    public double MemoryMultiplier { get; init; } = 1.0;
    /// <summary>Multiplies the configured process limit (threaded runtimes).</summary>
    public double ProcessMultiplier { get; init; } = 1.0;
    /// <summary>How a sandbox of this language can be started before its code exists; null: it always starts cold.</summary>
    public WarmRunner? Warm { get; init; }
    /// <summary>Runs get matplotlib's prebuilt font list bound read-only (see <see cref="MatplotlibFontCache"/>).</summary>
    public bool UsesMatplotlibFontCache { get; init; }
    /// <summary>Builds an artifact in a sandbox of its own before each run (cached).</summary>
    public bool IsCompiled => Compile is not null;

    public PreparedSource PrepareSource(string code) =>
        Prepare?.Invoke(code, SourceFileName) ?? new PreparedSource(SourceFileName, code, null);
}

/// <summary>How a compiled language builds its artifact, in a sandbox run that sees only the source.</summary>
/// <param name="Argv">compiler argv; writes into <c>{out}</c>.</param>
public sealed record CompileSpec(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Host tool paths bound read-only for the compile (e.g. esbuild, which is not under /usr).</summary>
    public IReadOnlyList<(string HostPath, string SandboxPath)> Binds { get; init; } = [];
}

/// <summary>The source as it is written for the toolchain.</summary>
/// <param name="EntryPoint">what the run argv's <c>{entry}</c> stands for, if anything.</param>
public sealed record PreparedSource(string FileName, string Text, string? EntryPoint);
