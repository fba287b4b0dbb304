using CodeInterpreter.Api.Limits;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Api;

public sealed class RateLimiterTests
{
    private static IOptions<LimitsOptions> Limits(int execPerMinute = 120) =>
        Options.Create(new LimitsOptions { ExecPerUserPerMinute = execPerMinute });

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
}
