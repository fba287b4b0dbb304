using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Storage;

public sealed class StoreBreakerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void OneFailure_DoesNotOpen_TwoDo_UntilTheIntervalPasses()
    {
        var breaker = new StoreBreaker(_time);

        breaker.Failed("the store cannot be reached");
        breaker.ThrowIfOpen();
        breaker.Failed("the store cannot be reached");

        var e = Assert.Throws<StorageUnavailableException>(breaker.ThrowIfOpen);
        Assert.Equal("the store cannot be reached", e.Reason);
        _time.Advance(StoreBreaker.OpenFor);
        breaker.ThrowIfOpen();
    }

    [Fact]
    public void AFailureAfterReopening_OpensAgainAtOnce_AndASuccessCloses()
    {
        var breaker = new StoreBreaker(_time);
        breaker.Failed("x");
        breaker.Failed("x");
        _time.Advance(StoreBreaker.OpenFor);

        breaker.Failed("still down");
        Assert.True(breaker.IsOpen);

        breaker.Succeeded();
        Assert.False(breaker.IsOpen);
        breaker.Failed("once");
        Assert.False(breaker.IsOpen);
    }
}
