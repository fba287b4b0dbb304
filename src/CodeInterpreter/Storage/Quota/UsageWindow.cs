namespace CodeInterpreter.Storage.Quota;

/// <summary>
/// Bytes written in the last <c>ttl</c>, kept in 1,440 time slices (one a minute for a 24 h TTL), plus the bytes of
/// writes in progress. Not thread-safe: <see cref="StorageQuota"/> holds its lock around every call.
/// </summary>
internal sealed class UsageWindow(TimeSpan ttl)
{
    private const int Slices = 1440;
    private readonly long _sliceTicks = Math.Max(TimeSpan.TicksPerSecond, ttl.Ticks / Slices);
    private readonly LinkedList<(long Slice, long Bytes)> _slices = new();
    private long _sum;

    /// <summary>Bytes of writes not finished yet (they count against the limit already).</summary>
    public long Pending { get; set; }

    /// <summary>Writes charging this window now: a window with writers is never dropped.</summary>
    public int Writers { get; set; }

    /// <summary>Finished writes still inside the window at <paramref name="now"/>.</summary>
    public long Stored(DateTimeOffset now)
    {
        var oldest = Slice(now) - (ttl.Ticks / _sliceTicks);
        while (_slices.First is { } first && first.Value.Slice < oldest)
        {
            _sum -= first.Value.Bytes;
            _slices.RemoveFirst();
        }
        return _sum;
    }

    /// <summary>Nothing stored in the window and nothing in progress: the window can be dropped.</summary>
    public bool IsEmpty(DateTimeOffset now) => Writers == 0 && Pending == 0 && Stored(now) == 0;

    public void Add(DateTimeOffset now, long bytes)
    {
        var slice = Slice(now);
        if (_slices.Last is { } last && last.Value.Slice == slice)
        {
            last.Value = (slice, last.Value.Bytes + bytes);
        }
        else
        {
            _slices.AddLast((slice, bytes));
        }
        _sum += bytes;
    }

    /// <summary>Takes back bytes of a write that was undone (newest first).</summary>
    public void Remove(long bytes)
    {
        while (bytes > 0 && _slices.Last is { } last)
        {
            var taken = Math.Min(bytes, last.Value.Bytes);
            bytes -= taken;
            _sum -= taken;
            if (taken == last.Value.Bytes)
            {
                _slices.RemoveLast();
            }
            else
            {
                last.Value = (last.Value.Slice, last.Value.Bytes - taken);
            }
        }
    }

    private long Slice(DateTimeOffset now) => now.UtcTicks / _sliceTicks;
}
