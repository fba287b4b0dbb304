using CodeInterpreter.Auth;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Auth;

public sealed class FailedAuthThrottleTests
{
    private static IOptions<AuthOptions> Options(int failures) =>
        Microsoft.Extensions.Options.Options.Create(new AuthOptions { FailuresPerAddressPerMinute = failures });

    [Fact]
    public void FailedAuth_LocksTheAddressAfterTheLimit_OthersUnaffected()
    {
        using var throttle = new FailedAuthThrottle(Options(2));

        Assert.False(throttle.IsLocked("10.0.0.1", out _));
        throttle.RecordFailure("10.0.0.1");
        Assert.False(throttle.IsLocked("10.0.0.1", out _));
        throttle.RecordFailure("10.0.0.1");

        Assert.True(throttle.IsLocked("10.0.0.1", out var retryAfter));
        Assert.InRange(retryAfter, 1, 60);
        Assert.False(throttle.IsLocked("10.0.0.2", out _));
    }

    [Fact]
    public void FailedAuth_CheckingDoesNotUseUpPermits()
    {
        using var throttle = new FailedAuthThrottle(Options(1));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.False(throttle.IsLocked("10.0.0.1", out _)));
    }
}
