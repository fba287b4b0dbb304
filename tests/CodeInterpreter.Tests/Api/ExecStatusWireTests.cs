using CodeInterpreter.Api;
using CodeInterpreter.Execution;

namespace CodeInterpreter.Tests.Api;

/// <summary>Piston's wire strings exist only in the API's mapper; every status has its own.</summary>
public sealed class ExecStatusWireTests
{
    private static ExecutionOutcome Outcome(ExecutionStatus status, int? exitCode = null, string? signal = null) => new()
    {
        SessionId = "s", Language = "py", Version = "3", Stdout = "", Stderr = "", Output = "", Files = [],
        Status = status, ExitCode = exitCode, Signal = signal,
    };

    [Theory]
    [InlineData(ExecutionStatus.Timeout, "TO", "Time limit exceeded")]
    [InlineData(ExecutionStatus.OutOfMemory, "SG", "Memory limit exceeded")]
    [InlineData(ExecutionStatus.StdoutLimit, "OL", "Output limit exceeded")]
    [InlineData(ExecutionStatus.StderrLimit, "EL", "Error output limit exceeded")]
    [InlineData(ExecutionStatus.CompileError, "CE", "Compilation failed")]
    [InlineData(ExecutionStatus.Cancelled, "XX", "Cancelled: the client disconnected")]
    [InlineData(ExecutionStatus.Internal, "XX", "The sandbox reported no exit status")]
    public void FixedStatuses_MapToPistonCodes(ExecutionStatus status, string code, string message) =>
        Assert.Equal((code, message), ExecStatusWire.Of(Outcome(status)));

    [Fact]
    public void CleanExit_HasNoStatus_AndTheOthersNameTheirCause()
    {
        Assert.Equal((null, null), ExecStatusWire.Of(Outcome(ExecutionStatus.Ok, exitCode: 0)));
        Assert.Equal(("RE", "Exited with code 3"), ExecStatusWire.Of(Outcome(ExecutionStatus.RuntimeError, exitCode: 3)));
        Assert.Equal(("SG", "Killed by SIGSEGV"), ExecStatusWire.Of(Outcome(ExecutionStatus.Signal, exitCode: 139, signal: "SIGSEGV")));
    }

    [Fact]
    public void EveryStatus_IsMapped() =>
        Assert.All(Enum.GetValues<ExecutionStatus>().Where(s => s != ExecutionStatus.Ok),
            s => Assert.NotNull(ExecStatusWire.Of(Outcome(s, exitCode: 1, signal: "SIGKILL")).Status));
}
