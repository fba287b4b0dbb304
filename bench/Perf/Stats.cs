namespace CodeInterpreter.Bench;

/// <summary>Latency samples in milliseconds and their percentiles.</summary>
internal sealed record Samples(IReadOnlyList<double> Ms)
{
    public double P(double percentile)
    {
        var sorted = Ms.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }

    public double P50 => P(50);
    public double P95 => P(95);
    public double P99 => P(99);
}

internal static class Timing
{
    public static async Task<Samples> RepeatAsync(int warmup, int count, Func<Task> action)
    {
        for (var i = 0; i < warmup; i++)
        {
            await action();
        }
        var ms = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await action();
            ms.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return new Samples(ms);
    }

    /// <summary><paramref name="total"/> calls spread over <paramref name="concurrency"/> workers: (calls/s, latencies).</summary>
    public static async Task<(double PerSecond, Samples Latency)> LoadAsync(int concurrency, int total, Func<Task> action)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var remaining = total;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                await action();
                latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (total / seconds, new Samples([.. latencies]));
    }
}
