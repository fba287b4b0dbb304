namespace CodeInterpreter.Languages;

/// <summary>
/// One runnable language: how its source is named and how it runs inside the sandbox.
/// <c>{source}</c> in <see cref="RunArgv"/> stands for the source file's path inside the sandbox.
/// </summary>
public sealed record LanguageSpec
{
    /// <summary>The contract code (<c>py</c>, <c>js</c>, ...), also reported as <c>language</c>.</summary>
    public required string Code { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string SourceFileName { get; init; }
    public required IReadOnlyList<string> RunArgv { get; init; }
    /// <summary>Extra environment inside the sandbox.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>argv (outside the sandbox) whose first output line names the runtime version.</summary>
    public required IReadOnlyList<string> VersionProbe { get; init; }
    /// <summary>Multiplies the configured memory limit (runtimes with large heaps).</summary>
    public double MemoryMultiplier { get; init; } = 1.0;
    /// <summary>Multiplies the configured process limit (threaded runtimes).</summary>
    public double ProcessMultiplier { get; init; } = 1.0;
}
