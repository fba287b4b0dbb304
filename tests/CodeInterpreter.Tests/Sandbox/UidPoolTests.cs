using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

public sealed class UidPoolTests
{
    [Fact]
    public async Task Acquire_HandsOutEachSlotOnce()
    {
        using var pool = new UidPool(60000, 3);

        var uids = new[]
        {
            await pool.AcquireAsync(CancellationToken.None),
            await pool.AcquireAsync(CancellationToken.None),
            await pool.AcquireAsync(CancellationToken.None),
        };

        Assert.Equal([60000, 60001, 60002], uids.Order());
    }

    [Fact]
    public async Task Acquire_WaitsForARelease_WhenAllSlotsAreTaken()
    {
        using var pool = new UidPool(60000, 1);
        var first = await pool.AcquireAsync(CancellationToken.None);

        var waiting = pool.AcquireAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        pool.Release(first);
        Assert.Equal(first, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Acquire_CanBeCancelled()
    {
        using var pool = new UidPool(60000, 1);
        await pool.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.AcquireAsync(cts.Token));
    }

    [Fact]
    public async Task Release_OfAUidNotLeased_IsIgnored()
    {
        using var pool = new UidPool(60000, 1);
        var uid = await pool.AcquireAsync(CancellationToken.None);

        pool.Release(12345);
        pool.Release(uid);
        pool.Release(uid);

        await pool.AcquireAsync(CancellationToken.None);
        var second = pool.AcquireAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task Acquire_ReusesTheLeastRecentlyReleasedUid()
    {
        using var pool = new UidPool(60000, 2);
        var a = await pool.AcquireAsync(CancellationToken.None);
        var b = await pool.AcquireAsync(CancellationToken.None);
        pool.Release(b);
        pool.Release(a);

        Assert.Equal(b, await pool.AcquireAsync(CancellationToken.None));
    }
}
