using CodeInterpreter.Execution;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Tests.Sandbox;

namespace CodeInterpreter.Tests.Metrics;

/// <summary>The outcome label follows what RunReport makes of a sandbox result (an OOM kill is a SIGKILL with its own message).</summary>
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
    public void Labels_AreTheDocumentedSet() =>
        Assert.Equal(["ok", "error", "timeout", "oom", "output-limit", "compile-error", "cancelled"], ExecutionMetrics.Outcomes);
}
