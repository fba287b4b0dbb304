using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CodeInterpreter.Execution;

/// <summary>
/// What happens to executions, as .NET metrics (<see cref="System.Diagnostics.Metrics"/>): this floor knows nothing
/// of Prometheus; the Metrics feature exports these instruments at /metrics.
/// </summary>
public sealed class ExecutionMetrics
{
    public const string MeterName = "CodeInterpreter.Execution";
    public const string Executions = "code_interpreter.executions";
    public const string Duration = "code_interpreter.execution.duration";
    public const string Rejections = "code_interpreter.execution.rejections";
    public const string SandboxSetupFailures = "code_interpreter.sandbox.setup_failures";

    /// <summary>The outcome label: how a run ended, coarser than the Piston status.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["ok", "error", "timeout", "oom", "output-limit", "compile-error", "cancelled"];

    private readonly Counter<long> _executions;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _setupFailures;

    public ExecutionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _executions = meter.CreateCounter<long>(Executions, description: "Executions that ran, by language and outcome");
        _duration = meter.CreateHistogram<double>(Duration, unit: "s", description: "Time from admission to reply, compile included");
        _rejections = meter.CreateCounter<long>(Rejections, description: "Executions refused before running (queue full, shutting down)");
        _setupFailures = meter.CreateCounter<long>(SandboxSetupFailures,
            description: "Executions that failed because the sandbox was unavailable or a job could not be set up");
    }

    public void Finished(ExecutionOutcome outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "language", outcome.Language }, { "outcome", OutcomeOf(outcome) } };
        _executions.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Rejected(ExecutionError reason) =>
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason == ExecutionError.ShuttingDown ? "shutting_down" : "queue_full"));

    public void SandboxSetupFailed() => _setupFailures.Add(1);

    /// <summary>The outcome label of a status.</summary>
    internal static string OutcomeOf(ExecutionOutcome outcome) => outcome.Status switch
    {
        ExecutionStatus.Ok => "ok",
        ExecutionStatus.CompileError => "compile-error",
        ExecutionStatus.Timeout => "timeout",
        ExecutionStatus.StdoutLimit or ExecutionStatus.StderrLimit => "output-limit",
        ExecutionStatus.OutOfMemory => "oom",
        ExecutionStatus.Cancelled => "cancelled",
        _ => "error",
    };
}
