using CodeInterpreter.Execution;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution;

public sealed class ExecutionGateTests
{
    [Fact]
    public async Task BeyondSlotsAndQueue_IsRejected_AndReleasingLetsTheNextIn()
    {
        using var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 1, QueueLimit = 1 }));
        var first = await gate.TryEnterAsync(default);
        Assert.NotNull(first);
        var queued = gate.TryEnterAsync(default);
        Assert.False(queued.IsCompleted);
        Assert.Null(await gate.TryEnterAsync(default));
        Assert.Equal((1, 1), (gate.Running, gate.Waiting));

        first!.Dispose();
        first.Dispose();
        using var second = await queued;
        Assert.NotNull(second);
        Assert.Equal((1, 0), (gate.Running, gate.Waiting));
    }

    [Fact]
    public async Task CancelledWhileQueued_LeavesTheQueue()
    {
        using var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 1, QueueLimit = 4 }));
        using var held = await gate.TryEnterAsync(default);
        using var cts = new CancellationTokenSource();
        var waiting = gate.TryEnterAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, gate.Waiting);
    }
}
