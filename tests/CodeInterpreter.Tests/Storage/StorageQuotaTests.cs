using CodeInterpreter.Files;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Local;
using CodeInterpreter.Storage.Quota;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Storage;

/// <summary>The quota's accounting: per user, per key and total, the sliding TTL window, writes in progress, refunds, the disk floor.</summary>
public sealed class StorageQuotaTests : IDisposable
{
    private const int KiB = 1024;
    private static readonly QuotaOwner s_alice = QuotaOwner.Of("key 1", "alice");
    private static readonly QuotaOwner s_bob = QuotaOwner.Of("key 1", "bob");
    private readonly InMemoryFileStore _store = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _root = Directory.CreateTempSubdirectory("ci-quota-").FullName;

    private StorageQuota Quota(int perUserMb = 0, int perKeyMb = 0, int totalMb = 0) =>
        TestQuota.For(_store, new StorageQuotaOptions { PerUserMb = perUserMb, PerKeyMb = perKeyMb, TotalMb = totalMb, MinFreeMb = 0 }, _time);

    private static Task<StoredFile> PutAsync(StorageQuota quota, QuotaOwner owner, int kib) =>
        quota.PutAsync(owner, Ids.New(), Ids.New(), "f.bin", new MemoryStream(new byte[kib * KiB]), default);

    [Fact]
    public async Task PerUser_RefusesTheWriteThatWouldPassIt_StoresNothingOfIt_AndOtherUsersAreUnaffected()
    {
        var quota = Quota(perUserMb: 1);
        await PutAsync(quota, s_alice, 700);

        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() => PutAsync(quota, s_alice, 400));
        await PutAsync(quota, s_bob, 700);

        Assert.Equal(QuotaLimit.User, refused.Limit);
        Assert.Contains("this user already stored 0.7 MiB of the 1 MiB allowed per 24 h", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, _store.Puts);
        await PutAsync(quota, s_alice, 300); // what is left still fits
    }

    [Fact]
    public async Task PerUser_CountsTheLastTtlWindowOnly()
    {
        var quota = Quota(perUserMb: 1);
        await PutAsync(quota, s_alice, 1024);
        await Assert.ThrowsAsync<StorageQuotaExceededException>(() => PutAsync(quota, s_alice, 1));

        _time.Advance(TimeSpan.FromHours(23));
        await Assert.ThrowsAsync<StorageQuotaExceededException>(() => PutAsync(quota, s_alice, 1));
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2));
        await PutAsync(quota, s_alice, 1024);
    }

    [Fact]
    public async Task SameUserNameUnderAnotherKey_IsAnotherUser_AndNoUserMeansOnlyKeyAndTotal()
    {
        var quota = Quota(perUserMb: 1);
        await PutAsync(quota, s_alice, 1024);

        await PutAsync(quota, QuotaOwner.Of("key 2", "alice"), 1024);
        await PutAsync(quota, QuotaOwner.Of("key 1", null), 2048);
    }

    [Fact]
    public async Task PerKey_AddsUpAllItsUsers_AndAnotherKeyIsUnaffected()
    {
        var quota = Quota(perKeyMb: 1);
        await PutAsync(quota, s_alice, 600);

        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() => PutAsync(quota, s_bob, 600));
        await PutAsync(quota, QuotaOwner.Of("token", "carol"), 600);

        Assert.Equal(QuotaLimit.Key, refused.Limit);
    }

    [Fact]
    public async Task Total_IsTheLastMeasurementPlusWritesSince()
    {
        var store = new MeasuredStore(_store) { Bytes = 900 * KiB };
        var quota = TestQuota.For(store, new StorageQuotaOptions { TotalMb = 1, MinFreeMb = 0, PerUserMb = 0 }, _time);
        await PutAsync(quota, s_alice, 900); // not measured yet: the store counts as empty

        await quota.RefreshAsync(default);
        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() => PutAsync(quota, s_bob, 200));
        Assert.Equal(QuotaLimit.Total, refused.Limit);
        Assert.Equal(900 * KiB, quota.TrackedBytes);

        store.Bytes = 100 * KiB; // the sweeper deleted files
        await quota.RefreshAsync(default);
        await PutAsync(quota, s_bob, 200);
        Assert.Equal(300 * KiB, quota.TrackedBytes);
    }

    [Fact]
    public void WritesInProgress_CountAlready()
    {
        var quota = Quota(perUserMb: 1);
        using var first = quota.Begin(s_alice);
        using var second = quota.Begin(s_alice);
        first.Add(600 * KiB);

        Assert.Throws<StorageQuotaExceededException>(() => second.Add(600 * KiB));
        first.Dispose(); // the first write failed: its bytes are given back
        second.Add(600 * KiB);
    }

    [Fact]
    public async Task Refund_GivesBackWhatARolledBackUploadCost()
    {
        var quota = Quota(perUserMb: 1);
        var stored = await PutAsync(quota, s_alice, 1024);

        quota.Refund(s_alice, stored.Size);

        await PutAsync(quota, s_alice, 1024);
    }

    [Fact]
    public async Task FreeSpaceFloor_OfTheLocalDisk_RefusesAndTheLocalStoreKeepsNothingOfTheWrite()
    {
        var options = new StorageOptions { Root = _root, Quota = new StorageQuotaOptions { MinFreeMb = int.MaxValue, TotalMb = 0, PerUserMb = 0 } };
        var local = new LocalFileStore(Options.Create(options), _time, NullLogger<LocalFileStore>.Instance);
        var quota = new StorageQuota(local, Options.Create(options), _time, NullLogger<StorageQuota>.Instance);
        var session = Ids.New();

        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() =>
            quota.PutAsync(s_alice, session, Ids.New(), "f.bin", new MemoryStream(new byte[3 * KiB * KiB]), default));

        Assert.Equal(QuotaLimit.FreeSpace, refused.Limit);
        Assert.Empty(await local.ListAsync(session, default));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AWriteThatPassesTheQuotaHalfway_LeavesNothingInTheLocalStore()
    {
        var options = new StorageOptions { Root = _root, Quota = new StorageQuotaOptions { MinFreeMb = 0, TotalMb = 0, PerUserMb = 1 } };
        var local = new LocalFileStore(Options.Create(options), _time, NullLogger<LocalFileStore>.Instance);
        var quota = new StorageQuota(local, Options.Create(options), _time, NullLogger<StorageQuota>.Instance);

        await Assert.ThrowsAsync<StorageQuotaExceededException>(() =>
            quota.PutAsync(s_alice, Ids.New(), Ids.New(), "f.bin", new MemoryStream(new byte[3 * KiB * KiB]), default));

        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
        Assert.Equal(0, await ((IStoreUsage)local).MeasureBytesAsync(default));
    }

    [Fact]
    public async Task LocalMeasurement_CountsAHardLinkedCopyOnce()
    {
        var local = new LocalFileStore(Options.Create(new StorageOptions { Root = _root }), _time, NullLogger<LocalFileStore>.Instance);
        var stored = await local.PutAsync(Ids.New(), Ids.New(), "f.bin", new MemoryStream(new byte[1000]), default);
        await local.CopyAsync(stored.SessionId, stored.FileId, Ids.New(), default);

        Assert.Equal(1000, await ((IStoreUsage)local).MeasureBytesAsync(default));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A store that reports a chosen size when measured.</summary>
    private sealed class MeasuredStore(InMemoryFileStore inner) : IFileStore, IStoreUsage
    {
        public long Bytes { get; set; }

        public Task<long> MeasureBytesAsync(CancellationToken cancellationToken) => Task.FromResult(Bytes);

        public Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken) =>
            inner.PutAsync(sessionId, fileId, originalName, content, cancellationToken);

        public Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            inner.GetAsync(sessionId, fileId, cancellationToken);

        public Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            inner.OpenReadAsync(sessionId, fileId, cancellationToken);

        public Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken) =>
            inner.CopyAsync(sourceSessionId, fileId, targetSessionId, cancellationToken);

        public Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken) =>
            inner.ListAsync(sessionId, cancellationToken);

        public Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            inner.DeleteAsync(sessionId, fileId, cancellationToken);

        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            inner.DeleteOlderThanAsync(cutoff, cancellationToken);

        public Task<StorageStatus> CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
    }
}
