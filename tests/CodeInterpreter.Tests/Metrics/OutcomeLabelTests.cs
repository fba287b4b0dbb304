using CodeInterpreter.Execution;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Tests.Sandbox;

namespace CodeInterpreter.Tests.Metrics;

/// <summary>The outcome label follows the status RunReport gives a sandbox result (an OOM kill is a SIGKILL, labelled oom).</summary>
public sealed class OutcomeLabelTests
{
    private static string Label(SandboxResult result) =>
        ExecutionMetrics.OutcomeOf(RunReport.Build(result, TestLimits.Default, "s", "py", "3", [], []));

    private static SandboxResult Result(int? exitCode = 0, string? signal = null) =>
        new() { ExitCode = exitCode, Signal = signal, Stdout = [], Stderr = [], Output = [] };

    [Fact]
    public void EveryWayARunEnds_HasItsLabel()
    {
        Assert.Equal("ok", Label(Result()));
        Assert.Equal("error", Label(Result(exitCode: 1)));
        Assert.Equal("error", Label(Result(exitCode: 139, signal: "SIGSEGV")));
        Assert.Equal("timeout", Label(Result(exitCode: 137, signal: "SIGKILL") with { TimedOut = true }));
        Assert.Equal("oom", Label(Result(exitCode: 137, signal: "SIGKILL") with { OutOfMemory = true }));
        Assert.Equal("output-limit", Label(Result(exitCode: 137, signal: "SIGKILL") with { StdoutTruncated = true }));
        Assert.Equal("output-limit", Label(Result(exitCode: 137, signal: "SIGKILL") with { StderrTruncated = true }));
        Assert.Equal("cancelled", Label(Result(exitCode: 137, signal: "SIGKILL") with { Cancelled = true }));
        Assert.Equal("compile-error", ExecutionMetrics.OutcomeOf(RunReport.CompileFailed(Result(exitCode: 1), "s", "c", "12")));
    }

    [Fact]
    public void EveryStatus_HasALabelFromTheExportedSet_AndEveryLabelIsUsed()
    {
        var used = Enum.GetValues<ExecutionStatus>()
            .Select(status => ExecutionMetrics.OutcomeOf(RunReport.Build(Result(), TestLimits.Default, "s", "py", "3", [], []) with { Status = status }))
            .ToHashSet();

        Assert.Subset(ExecutionMetrics.Outcomes.ToHashSet(), used);
        Assert.Equal(ExecutionMetrics.Outcomes.Count, used.Count);
    }
}
