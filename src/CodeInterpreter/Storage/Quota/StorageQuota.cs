using System.Globalization;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage.Quota;

/// <summary>
/// Stores files under the quotas of <see cref="StorageQuotaOptions"/>: every byte is charged while it is read, so a
/// write that would pass a limit stops at that byte, and the store drops what it wrote (nothing half-written remains).
/// Per user and per key it counts what this node stored in the last TTL window; the total is what the store held at
/// its last measurement (at start and after every expiry sweep) plus what this node stored since; the free-space
/// floor is read from the local disk as the write goes.
/// </summary>
public sealed class StorageQuota
{
    private const long MiB = 1024 * 1024;

    private readonly IFileStore _store;
    private readonly StorageQuotaOptions _limits;
    private readonly TimeSpan _ttl;
    private readonly string? _localRoot;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageQuota> _logger;
    private readonly StorageMetrics? _metrics;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UsageWindow> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageWindow> _keys = new(StringComparer.Ordinal);
    private long _measured;
    private long _sinceMeasured;
    private long _pending;

    /// <summary>Made by the registration's factory: the options type is internal to Storage.</summary>
    internal StorageQuota(IFileStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageQuota> logger,
        StorageMetrics? metrics = null)
    {
        _store = store;
        _limits = options.Value.Quota;
        _ttl = options.Value.SessionTtl;
        _localRoot = string.Equals(options.Value.Backend, StorageBackends.Local, StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(options.Value.Root)
            : null;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>What the total limit counts now: the last measurement plus this node's writes since.</summary>
    public long TrackedBytes
    {
        get
        {
            lock (_lock)
            {
                return _measured + _sinceMeasured;
            }
        }
    }

    /// <summary>
    /// <see cref="IFileStore.PutAsync"/> charged to <paramref name="owner"/>; throws
    /// <see cref="StorageQuotaExceededException"/> (and stores nothing) when a limit is reached.
    /// </summary>
    public async Task<StoredFile> PutAsync(QuotaOwner owner, string sessionId, string fileId, string originalName, Stream content,
        CancellationToken cancellationToken)
    {
        using var charge = Begin(owner);
        var stored = await _store.PutAsync(sessionId, fileId, originalName, new MeteredStream(content, charge), cancellationToken)
            .ConfigureAwait(false);
        charge.Commit();
        return stored;
    }

    /// <summary>Gives back what a stored file cost when it is deleted at once again (an upload rolled back).</summary>
    public void Refund(QuotaOwner owner, long bytes)
    {
        lock (_lock)
        {
            if (UserKey(owner) is { } user && _users.TryGetValue(user, out var window))
            {
                window.Remove(bytes);
            }
            if (_keys.TryGetValue(owner.Credential, out var key))
            {
                key.Remove(bytes);
            }
            _sinceMeasured -= bytes;
        }
    }

    /// <summary>Measures what the store holds (a directory walk, or a bucket listing) and drops idle windows.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_store is not IStoreUsage usage)
        {
            return;
        }
        long before;
        lock (_lock)
        {
            before = _sinceMeasured;
        }
        var measured = await usage.MeasureBytesAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // Writes during the walk may be counted twice until the next measurement: on the safe side.
            _measured = measured;
            _sinceMeasured -= before;
            var now = _time.GetUtcNow();
            foreach (var windows in new[] { _users, _keys })
            {
                foreach (var idle in windows.Where(w => w.Value.IsEmpty(now)).Select(w => w.Key).ToList())
                {
                    windows.Remove(idle);
                }
            }
        }
        StorageLog.QuotaMeasured(_logger, measured, _limits.TotalMb);
    }

    internal QuotaCharge Begin(QuotaOwner owner)
    {
        lock (_lock)
        {
            var user = UserKey(owner) is { } key ? WindowOf(_users, key) : null;
            var credential = WindowOf(_keys, owner.Credential);
            foreach (var window in user is null ? [credential] : new[] { user, credential })
            {
                window.Writers++;
            }
            return new QuotaCharge(this, owner, user, credential);
        }
    }

    /// <summary>Takes <paramref name="bytes"/> more for a write in progress, or throws at the first limit they would pass.</summary>
    internal void Charge(QuotaCharge charge, long bytes)
    {
        CheckFreeSpace(charge, bytes);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            // What others (and earlier writes) hold, for the message: the part of this write read so far is not "stored".
            if (_limits.PerUserMb > 0 && charge.User is { } user && user.Stored(now) + user.Pending + bytes > _limits.PerUserMb * MiB)
            {
                throw Refused(charge.Owner, QuotaLimit.User,
                    $"this user already stored {Mb(user.Stored(now) + user.Pending - charge.Charged)} of the {_limits.PerUserMb} MiB allowed per {Window}");
            }
            if (_limits.PerKeyMb > 0 && charge.Key.Stored(now) + charge.Key.Pending + bytes > _limits.PerKeyMb * MiB)
            {
                throw Refused(charge.Owner, QuotaLimit.Key,
                    $"this API key's users already stored {Mb(charge.Key.Stored(now) + charge.Key.Pending - charge.Charged)} of the {_limits.PerKeyMb} MiB allowed per {Window}");
            }
            if (_limits.TotalMb > 0 && _measured + _sinceMeasured + _pending + bytes > _limits.TotalMb * MiB)
            {
                throw Refused(charge.Owner, QuotaLimit.Total, $"the file store is full ({_limits.TotalMb} MiB); try again later");
            }
            if (charge.User is { } u)
            {
                u.Pending += bytes;
            }
            charge.Key.Pending += bytes;
            _pending += bytes;
            charge.Charged += bytes;
        }
    }

    internal void Settle(QuotaCharge charge, bool keep)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var window in charge.User is { } user ? [user, charge.Key] : new[] { charge.Key })
            {
                window.Pending -= charge.Charged;
                window.Writers--;
                if (keep)
                {
                    window.Add(now, charge.Charged);
                }
            }
            _pending -= charge.Charged;
            if (keep)
            {
                _sinceMeasured += charge.Charged;
            }
        }
    }

    /// <summary>The local disk keeps its floor: read from the file system at the first byte and at every MiB after.</summary>
    private void CheckFreeSpace(QuotaCharge charge, long bytes)
    {
        if (_localRoot is null || _limits.MinFreeMb == 0 || (charge.Charged > 0 && charge.Charged / MiB == (charge.Charged + bytes) / MiB))
        {
            return;
        }
        var free = new DriveInfo(_localRoot).AvailableFreeSpace;
        if (free - bytes < _limits.MinFreeMb * MiB)
        {
            throw Refused(charge.Owner, QuotaLimit.FreeSpace,
                $"the server's disk is almost full ({Mb(free)} free, {_limits.MinFreeMb} MiB are kept free); try again later");
        }
    }

    private StorageQuotaExceededException Refused(QuotaOwner owner, QuotaLimit limit, string why)
    {
        StorageLog.QuotaRefused(_logger, limit, owner.Credential, owner.User ?? "-");
        _metrics?.QuotaRefused(limit);
        return new StorageQuotaExceededException(limit, $"Storage quota exceeded: {why}");
    }

    private string Window => _ttl.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{_ttl.TotalHours:0.#} h (files are kept that long)")
        : string.Create(CultureInfo.InvariantCulture, $"{_ttl.TotalMinutes:0.#} min (files are kept that long)");

    private UsageWindow WindowOf(Dictionary<string, UsageWindow> windows, string key)
    {
        if (!windows.TryGetValue(key, out var window))
        {
            window = new UsageWindow(_ttl);
            windows[key] = window;
        }
        return window;
    }

    /// <summary>Users are counted per credential: two LibreChat instances may both have a user "abc".</summary>
    private static string? UserKey(QuotaOwner owner) => owner.User is { } user ? owner.Credential + "\n" + user : null;

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.#} MiB");
}

/// <summary>One write's charge: bytes taken as they are read; kept by <see cref="Commit"/>, given back when disposed otherwise.</summary>
internal sealed class QuotaCharge(StorageQuota quota, QuotaOwner owner, UsageWindow? user, UsageWindow key) : IDisposable
{
    private int _settled;

    public QuotaOwner Owner { get; } = owner;
    public UsageWindow? User { get; } = user;
    public UsageWindow Key { get; } = key;

    /// <summary>Bytes taken so far (under the quota's lock).</summary>
    public long Charged { get; set; }

    public void Add(long bytes) => quota.Charge(this, bytes);

    public void Commit()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            quota.Settle(this, keep: true);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            quota.Settle(this, keep: false);
        }
    }
}

/// <summary>A store that can say how many bytes it holds (for the total limit).</summary>
internal interface IStoreUsage
{
    Task<long> MeasureBytesAsync(CancellationToken cancellationToken);
}
