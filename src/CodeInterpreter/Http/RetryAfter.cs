using System.Threading.RateLimiting;

namespace CodeInterpreter.Http;

public static class RetryAfter
{
    /// <summary>Whole seconds from a refused lease's metadata, at least 1; the fallback when it carries none.</summary>
    public static int Seconds(RateLimitLease lease, TimeSpan fallback)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }
}
