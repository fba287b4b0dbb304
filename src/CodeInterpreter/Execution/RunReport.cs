using System.Text;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution;

/// <summary>
/// Builds the reply of a run: decoded streams, plus one clear line in stderr for every limit that was hit
/// (timeouts, OOM kills and floods are still HTTP 200; the model reads stderr).
/// </summary>
internal static class RunReport
{
    public static ExecutionOutcome Build(SandboxResult result, SandboxLimits limits, string sessionId, string language,
        string version, IReadOnlyList<OutputFile> files, IReadOnlyList<string> notes)
    {
        var stdout = Decode(result.Stdout);
        var stderr = new StringBuilder(Decode(result.Stderr));

        if (result.StdoutTruncated)
        {
            AppendLine(stderr, $"[stdout truncated at {Size(limits.StdoutBytes)}]");
        }
        if (result.StderrTruncated)
        {
            AppendLine(stderr, $"[stderr truncated at {Size(limits.StderrBytes)}]");
        }
        if (result.TimedOut)
        {
            AppendLine(stderr, $"Execution timed out after {limits.WallTimeout.TotalSeconds:0.###} s");
        }
        else if (result.OutOfMemory)
        {
            AppendLine(stderr, $"Out of memory (limit {Size(limits.MemoryBytes)})");
        }
        else if (result.Signal is { } signal && !result.StdoutTruncated && !result.StderrTruncated && !result.Cancelled)
        {
            AppendLine(stderr, $"Process killed by {signal}");
        }
        foreach (var note in notes)
        {
            AppendLine(stderr, $"[files] {note}");
        }

        return new ExecutionOutcome
        {
            SessionId = sessionId,
            Language = language,
            Version = version,
            Stdout = stdout,
            Stderr = stderr.ToString(),
            Output = Decode(result.Output),
            Files = files,
            ExitCode = result.ExitCode,
            Signal = result.Signal,
            Status = Classify(result),
            Truncated = result.StdoutTruncated || result.StderrTruncated,
            WallTime = result.WallTime,
            CpuTime = result.CpuTime,
            MemoryPeakBytes = result.MemoryPeakBytes,
        };
    }

    /// <summary>The compiler refused: its diagnostics in stderr, status CE, nothing ran.</summary>
    public static ExecutionOutcome CompileFailed(SandboxResult compile, string sessionId, string language, string version)
    {
        var stderr = new StringBuilder(Decode(compile.Stderr));
        if (compile.TimedOut)
        {
            AppendLine(stderr, $"Compilation timed out after {compile.WallTime.TotalSeconds:0} s");
        }
        else if (compile.OutOfMemory)
        {
            AppendLine(stderr, "Compilation ran out of memory");
        }
        else if (stderr.Length == 0 && compile.Stdout.Length == 0)
        {
            AppendLine(stderr, $"Compilation failed (exit code {compile.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }
        return new ExecutionOutcome
        {
            SessionId = sessionId,
            Language = language,
            Version = version,
            Stdout = Decode(compile.Stdout),
            Stderr = stderr.ToString(),
            Output = Decode(compile.Output),
            Files = [],
            ExitCode = compile.ExitCode,
            Signal = compile.Signal,
            Status = ExecutionStatus.CompileError,
            WallTime = compile.WallTime,
            CpuTime = compile.CpuTime,
            MemoryPeakBytes = compile.MemoryPeakBytes,
        };
    }

    private static ExecutionStatus Classify(SandboxResult r) => r switch
    {
        { TimedOut: true } => ExecutionStatus.Timeout,
        { OutOfMemory: true } => ExecutionStatus.OutOfMemory,
        { StdoutTruncated: true } => ExecutionStatus.StdoutLimit,
        { StderrTruncated: true } => ExecutionStatus.StderrLimit,
        { Cancelled: true } => ExecutionStatus.Cancelled,
        { Signal: not null } => ExecutionStatus.Signal,
        { ExitCode: 0 } => ExecutionStatus.Ok,
        { ExitCode: not null } => ExecutionStatus.RuntimeError,
        _ => ExecutionStatus.Internal,
    };

    /// <summary>Invalid UTF-8 becomes U+FFFD; NUL and other bytes survive as JSON escapes.</summary>
    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static void AppendLine(StringBuilder text, string line)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
        text.Append(line).Append('\n');
    }

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
