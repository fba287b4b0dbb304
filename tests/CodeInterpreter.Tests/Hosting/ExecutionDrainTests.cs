using CodeInterpreter.Execution;
using CodeInterpreter.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Hosting;

/// <summary>Shutdown drains the gate: nothing new or queued is admitted, running work finishes or is told to stop.</summary>
public sealed class ExecutionDrainTests
{
    private static (ExecutionGate Gate, ExecutionDrain Drain) Create(int deadlineSeconds)
    {
        var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 1, QueueLimit = 4 }));
        var drain = new ExecutionDrain(gate, Options.Create(new ServerOptions { ShutdownTimeoutSeconds = deadlineSeconds }),
            TimeProvider.System, NullLogger<ExecutionDrain>.Instance);
        return (gate, drain);
    }

    [Fact]
    public async Task RunThatEndsBeforeTheDeadline_IsNotAborted_AndNothingNewIsAdmitted()
    {
        var (gate, drain) = Create(deadlineSeconds: 30);
        using var _ = gate;
        var running = await gate.TryEnterAsync(default);
        var queued = gate.TryEnterAsync(default);

        var stopping = drain.StoppingAsync(default);

        Assert.True(gate.IsDraining);
        Assert.Null(await queued);
        Assert.Null(await gate.TryEnterAsync(default));
        Assert.False(stopping.IsCompleted);
        running!.Dispose();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(gate.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task RunStillGoingAtTheDeadline_IsAborted_AndTheDrainWaitsForItsCleanup()
    {
        var (gate, drain) = Create(deadlineSeconds: 0);
        using var _ = gate;
        var running = await gate.TryEnterAsync(default);
        // A run reacts to Aborted by killing its sandbox and releasing its slot, as CodeExecutor does.
        using var registration = gate.Aborted.Register(() => running!.Dispose());

        await drain.StoppingAsync(default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(gate.Aborted.IsCancellationRequested);
        Assert.Equal(0, gate.Running);
    }
}
