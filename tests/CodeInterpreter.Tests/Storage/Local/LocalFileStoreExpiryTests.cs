using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Storage.Local;

public sealed class LocalFileStoreExpiryTests : IDisposable
{
    private static readonly TimeSpan _ttl = TimeSpan.FromHours(24);
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task DeleteOlderThan_RemovesOldKeepsYoung_AndDropsEmptySessionDirs()
    {
        var (oldSid, oldFid, youngSid, youngFid) = (Ids.New(), Ids.New(), Ids.New(), Ids.New());
        await _harness.PutAsync(oldSid, oldFid, "old.csv", [1]);
        _harness.Time.Advance(TimeSpan.FromHours(25));
        await _harness.PutAsync(youngSid, youngFid, "young.csv", [2]);

        var removed = await _harness.Store.DeleteOlderThanAsync(_harness.Time.GetUtcNow() - _ttl, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(await _harness.Store.GetAsync(oldSid, oldFid, CancellationToken.None));
        Assert.NotNull(await _harness.Store.GetAsync(youngSid, youngFid, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_harness.Root, oldSid)));
        Assert.True(Directory.Exists(Path.Combine(_harness.Root, youngSid)));
    }

    [Fact]
    public async Task DeleteOlderThan_MixedSession_KeepsSessionWithYoungFile()
    {
        var (sid, oldFid, youngFid) = (Ids.New(), Ids.New(), Ids.New());
        await _harness.PutAsync(sid, oldFid, "old.csv", [1]);
        _harness.Time.Advance(TimeSpan.FromHours(25));
        await _harness.PutAsync(sid, youngFid, "young.csv", [2]);

        await _harness.Store.DeleteOlderThanAsync(_harness.Time.GetUtcNow() - _ttl, CancellationToken.None);

        Assert.Equal([youngFid], (await _harness.Store.ListAsync(sid, CancellationToken.None)).Select(f => f.FileId));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_harness.Root, sid)).Length);
    }

    [Fact]
    public async Task DeleteOlderThan_ObjectExactlyAtCutoff_IsKept()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        var stored = await _harness.PutAsync(sid, fid, "a.txt", [1]);

        Assert.Equal(0, await _harness.Store.DeleteOlderThanAsync(stored.LastModified, CancellationToken.None));
        Assert.NotNull(await _harness.Store.GetAsync(sid, fid, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesStaleTempFilesOnly()
    {
        var now = _harness.Time.GetUtcNow().UtcDateTime;
        var stale = Path.Combine(_harness.TempDir, "crashed.data");
        var fresh = Path.Combine(_harness.TempDir, "running.data");
        await File.WriteAllBytesAsync(stale, [1]);
        await File.WriteAllBytesAsync(fresh, [1]);
        File.SetLastWriteTimeUtc(stale, now.AddHours(-2));
        File.SetLastWriteTimeUtc(fresh, now.AddMinutes(-10));

        await _harness.Store.DeleteOlderThanAsync(_harness.Time.GetUtcNow() - _ttl, CancellationToken.None);

        Assert.Equal([fresh], Directory.GetFiles(_harness.TempDir));
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesOrphanSidecarAndStaleOrphanData()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        await _harness.PutAsync(sid, fid, "a.csv", [1]);
        var sessionDir = Path.Combine(_harness.Root, sid);
        File.Delete(Path.Combine(sessionDir, fid + ".csv"));
        var orphanData = Path.Combine(sessionDir, Ids.New() + ".txt");
        await File.WriteAllBytesAsync(orphanData, [1]);
        File.SetLastWriteTimeUtc(orphanData, _harness.Time.GetUtcNow().UtcDateTime.AddHours(-2));
        _harness.Time.Advance(TimeSpan.FromHours(25));

        var removed = await _harness.Store.DeleteOlderThanAsync(_harness.Time.GetUtcNow() - _ttl, CancellationToken.None);

        Assert.Equal(0, removed);
        Assert.False(Directory.Exists(sessionDir));
    }

    [Fact]
    public async Task DeleteOlderThan_CorruptSidecar_DoesNotBreakTheSweep()
    {
        var (sid, fid, goodFid) = (Ids.New(), Ids.New(), Ids.New());
        await _harness.PutAsync(sid, fid, "a.csv", [1]);
        await _harness.PutAsync(sid, goodFid, "b.csv", [1]);
        await File.WriteAllTextAsync(Path.Combine(_harness.Root, sid, fid + ".meta.json"), "{not json");
        _harness.Time.Advance(TimeSpan.FromHours(25));

        var removed = await _harness.Store.DeleteOlderThanAsync(_harness.Time.GetUtcNow() - _ttl, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.False(Directory.Exists(Path.Combine(_harness.Root, sid)));
    }

    [Fact]
    public async Task DeleteOlderThan_EmptyOrMissingRoot_ReturnsZero()
    {
        Assert.Equal(0, await _harness.Store.DeleteOlderThanAsync(DateTimeOffset.MaxValue, CancellationToken.None));
        Directory.Delete(_harness.Root, recursive: true);
        Assert.Equal(0, await _harness.Store.DeleteOlderThanAsync(DateTimeOffset.MaxValue, CancellationToken.None));
    }
}
