using System.Net;
using CodeInterpreter.Api.Limits;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Api;

public sealed class RateLimiterTests
{
    private static IOptions<LimitsOptions> Limits(int execPerMinute = 120, int authFailures = 30) =>
        Options.Create(new LimitsOptions { ExecPerUserPerMinute = execPerMinute, AuthFailuresPerAddressPerMinute = authFailures });

    [Fact]
    public void Exec_PerUser_AllowsABurstThenRefusesWithRetryAfter()
    {
        using var limiter = new ExecRateLimiter(Limits(execPerMinute: 3));

        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limiter.TryAcquire("alice", out _)));
        Assert.False(limiter.TryAcquire("alice", out var retryAfter));
        Assert.InRange(retryAfter, 1, 60);
        Assert.True(limiter.TryAcquire("bob", out _));
    }

    [Fact]
    public void Exec_WithoutAUser_IsNotLimited()
    {
        using var limiter = new ExecRateLimiter(Limits(execPerMinute: 1));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(limiter.TryAcquire(null, out _)));
    }

    [Fact]
    public void Exec_Zero_TurnsTheLimitOff()
    {
        using var limiter = new ExecRateLimiter(Limits(execPerMinute: 0));

        Assert.All(Enumerable.Range(0, 500), _ => Assert.True(limiter.TryAcquire("alice", out _)));
    }

    [Fact]
    public void FailedAuth_LocksTheAddressAfterTheLimit_OthersUnaffected()
    {
        using var throttle = new FailedAuthThrottle(Limits(authFailures: 2));

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
        using var throttle = new FailedAuthThrottle(Limits(authFailures: 1));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.False(throttle.IsLocked("10.0.0.1", out _)));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    public void AddressKey_GroupsIpv6ByPrefix(string address, string key) => Assert.Equal(key, AddressKey.Of(IPAddress.Parse(address)));
}
