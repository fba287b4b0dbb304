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

    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task InputsOverTheBudget_WaitQueuedWithoutASlot_UntilTheHolderLeaves()
    {
        using var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 4, QueueLimit = 4, InputBudgetMb = 4 }));
        var first = await gate.TryEnterAsync(3 * MiB, default);
        var second = gate.TryEnterAsync(3 * MiB, default);

        Assert.False(second.IsCompleted);
        Assert.Equal((1, 1, 3 * MiB), (gate.Running, gate.Waiting, gate.InputBytesHeld));
        using (var small = await gate.TryEnterAsync(0, default))
        {
            Assert.Equal(2, gate.Running); // no inputs: not held up by the budget
        }

        first!.Dispose();
        using var admitted = await second;
        Assert.NotNull(admitted);
        Assert.Equal((1, 0, 3 * MiB), (gate.Running, gate.Waiting, gate.InputBytesHeld));
    }

    [Fact]
    public async Task BudgetWaiters_AreServedInOrder_AndACancelledOneFreesTheLine()
    {
        using var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 4, QueueLimit = 4, InputBudgetMb = 4 }));
        var holder = await gate.TryEnterAsync(2 * MiB, default);
        using var leaves = new CancellationTokenSource();
        var big = gate.TryEnterAsync(4 * MiB, leaves.Token);
        var small = gate.TryEnterAsync(1 * MiB, default);

        Assert.False(small.IsCompleted); // it would fit, but the big one is first in line
        await leaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        using var admitted = await small;

        Assert.Equal((2, 0, 3 * MiB), (gate.Running, gate.Waiting, gate.InputBytesHeld));
        holder!.Dispose();
        Assert.Equal(1 * MiB, gate.InputBytesHeld);
    }

    [Fact]
    public async Task BudgetWaiters_CountAgainstTheQueueLimit()
    {
        using var gate = new ExecutionGate(Options.Create(new ExecutionOptions { MaxConcurrency = 4, QueueLimit = 1, InputBudgetMb = 1 }));
        using var holder = await gate.TryEnterAsync(1 * MiB, default);
        var queued = gate.TryEnterAsync(1 * MiB, default);

        Assert.Null(await gate.TryEnterAsync(1 * MiB, default));
        Assert.False(queued.IsCompleted);
    }
}
