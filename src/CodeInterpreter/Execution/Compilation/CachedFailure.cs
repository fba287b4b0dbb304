using System.Text.Json.Serialization;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>What a failed compile showed, stored next to the (empty) artifact.</summary>
internal sealed record CachedFailure(int? ExitCode, byte[] Stdout, byte[] Stderr)
{
    public static CachedFailure From(SandboxResult r) => new(r.ExitCode, r.Stdout, r.Stderr);

    public SandboxResult ToResult() => new() { ExitCode = ExitCode, Stdout = Stdout, Stderr = Stderr, Output = [.. Stdout, .. Stderr] };
}

[JsonSerializable(typeof(CachedFailure))]
internal sealed partial class CompileCacheJsonContext : JsonSerializerContext;
