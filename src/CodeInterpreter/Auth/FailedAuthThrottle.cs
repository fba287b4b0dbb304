using System.Threading.RateLimiting;
using CodeInterpreter.Http;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Auth;

/// <summary>
/// Credential guessing: each failed authentication takes a permit from its address's fixed window; an address
/// with none left gets 429 instead of 401 for wrong credentials until the window ends. Valid credentials are never
/// refused (<see cref="ApiKeyFilter"/> checks them first).
/// </summary>
public sealed class FailedAuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly TimeSpan _window = TimeSpan.FromMinutes(1);

    public FailedAuthThrottle(IOptions<AuthOptions> options)
    {
        var permits = options.Value.FailuresPerAddressPerMinute;
        if (permits > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = _window, QueueLimit = 0, AutoReplenishment = false }));
        }
    }

    /// <summary>True (with the seconds to wait) when the address has used up its failures.</summary>
    public bool IsLocked(string address, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (_limiter is null)
        {
            return false;
        }
        // Zero permits asks "any left?" without taking one.
        using var probe = _limiter.AttemptAcquire(address, 0);
        if (probe.IsAcquired)
        {
            return false;
        }
        retryAfterSeconds = RetryAfter.Seconds(probe, _window);
        return true;
    }

    public void RecordFailure(string address)
    {
        using var _ = _limiter?.AttemptAcquire(address);
    }

    public void Dispose() => _limiter?.Dispose();
}
