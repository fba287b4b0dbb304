using System.Threading.RateLimiting;
using CodeInterpreter.Http;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Limits;

/// <summary>
/// Executions per LibreChat user: a token bucket per user_id (or token subject) that holds a minute's worth and
/// refills evenly, so a burst is fine and a loop is not. Requests that name no user are not limited here
/// (admission still bounds them).
/// </summary>
public sealed class ExecRateLimiter : IDisposable
{
    private const int MaxUserLength = 256;
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly TimeSpan _period;

    public ExecRateLimiter(IOptions<LimitsOptions> options)
    {
        var perMinute = options.Value.ExecPerUserPerMinute;
        _period = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute);
        if (perMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = _period,
                    QueueLimit = 0,
                    AutoReplenishment = false,
                }));
        }
    }

    /// <summary>True when <paramref name="user"/> may run now; otherwise the seconds until it may.</summary>
    public bool TryAcquire(string? user, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (_limiter is null || string.IsNullOrEmpty(user))
        {
            return true;
        }
        // Long ids are hashed rather than kept: the partition table must not become a memory sink.
        var key = user.Length <= MaxUserLength ? user : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user)));
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return true;
        }
        retryAfterSeconds = RetryAfter.Seconds(lease, _period);
        return false;
    }

    public void Dispose() => _limiter?.Dispose();
}
