using CodeInterpreter.Sandbox.Launch;
using CodeInterpreter.Tests.Fakes;

namespace CodeInterpreter.Tests.Execution.Programmatic;

/// <summary>The wall clock of a programmatic run counts only while the program runs, never while it waits for tools.</summary>
public sealed class RunClockTests
{
    [Fact]
    public void Paused_TimeIsNotCounted_AndTheLimitFiresOnRunningTimeOnly()
    {
        var time = new SteppedTimeProvider();
        var expired = 0;
        using var clock = new RunClock(time, TimeSpan.FromSeconds(10), () => expired++);
        clock.Resume();
        time.Advance(TimeSpan.FromSeconds(6));
        clock.Pause();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromSeconds(6), clock.Used);
        Assert.Equal(0, expired);
        Assert.Equal(0, time.ActiveTimers);

        clock.Resume();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, expired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, expired);
        Assert.Equal(TimeSpan.FromSeconds(10), clock.Used);
    }

    [Fact]
    public void PauseAndResume_AreIdempotent()
    {
        var time = new SteppedTimeProvider();
        using var clock = new RunClock(time, TimeSpan.FromSeconds(10), () => { });
        clock.Resume();
        clock.Resume();
        time.Advance(TimeSpan.FromSeconds(2));
        clock.Pause();
        clock.Pause();
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Used);
        Assert.Equal(TimeSpan.FromSeconds(8), clock.Remaining);
    }
}
