using System.Security.Cryptography;
using CodeInterpreter.Files;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Storage;

/// <summary>
/// What every <see cref="IFileStore"/> must do, run against each store (local disk, S3 on a real Swift). Real time,
/// real I/O: a store passes these or it cannot back the API.
/// </summary>
public abstract class FileStoreContract : IAsyncLifetime
{
    protected readonly string Sid = Ids.New();
    protected readonly string Fid = Ids.New();

    /// <summary>The store under test, over empty storage of its own.</summary>
    protected IFileStore Store { get; private set; } = null!;

    /// <summary>Bytes that make the S3 store switch to a multipart upload (any size suits the local store).</summary>
    protected abstract long MultipartThreshold { get; }

    protected abstract Task<IFileStore> CreateStoreAsync();

    /// <summary>Another instance over the same storage: the service after a restart, or a second node.</summary>
    protected abstract IFileStore SecondInstance();

    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DestroyAsync();

    protected Task<StoredFile> PutAsync(string sessionId, string fileId, string name, byte[] content) =>
        Store.PutAsync(sessionId, fileId, name, new MemoryStream(content), CancellationToken.None);

    [StoreFact]
    public async Task Put_AllByteValues_RoundTripsByteExact()
    {
        var content = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await PutAsync(Sid, Fid, "bytes.bin", content);

        Assert.Equal(content, await ReadAllAsync(Store, Sid, Fid));
    }

    [StoreFact]
    public async Task Put_ThreeMegabyteRandomBlob_RoundTripsWithItsMd5()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        var stored = await PutAsync(Sid, Fid, "blob.dat", content);

        Assert.Equal(content, await ReadAllAsync(Store, Sid, Fid));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), stored.Md5);
        Assert.Equal(content.Length, stored.Size);
    }

    [StoreFact]
    public async Task Put_OverTheMultipartThreshold_FromAStreamOfUnknownLength_RoundTrips()
    {
        var content = RandomNumberGenerator.GetBytes((int)(MultipartThreshold * 2) + 12345);

        var stored = await Store.PutAsync(Sid, Fid, "big.parquet", new TrickleStream(content), CancellationToken.None);

        Assert.Equal(content.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), stored.Md5);
        Assert.Equal(content, await ReadAllAsync(Store, Sid, Fid));
        Assert.Equal(stored, await Store.GetAsync(Sid, Fid, CancellationToken.None));
    }

    [StoreFact]
    public async Task Put_ReturnsMetadata_AndGetAndListAgree()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var stored = await PutAsync(Sid, Fid, "data.csv", "a,b\n1,2\n"u8.ToArray());

        Assert.Equal($"{Sid}/{Fid}.csv", stored.Key);
        Assert.Equal((Sid, Fid), (stored.SessionId, stored.FileId));
        Assert.Equal("data.csv", stored.OriginalName);
        Assert.Equal("text/csv", stored.ContentType);
        Assert.Equal(8, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("a,b\n1,2\n"u8)), stored.Md5);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.InRange(stored.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(stored, await Store.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Equal([stored], await Store.ListAsync(Sid, CancellationToken.None));
    }

    [StoreFact]
    public async Task Put_NestedAndNonAsciiNames_RoundTripInMetadata()
    {
        var nested = await PutAsync(Sid, Fid, "données/été 2026 ✓ %20+.CSV", [1]);
        var plain = await PutAsync(Sid, Ids.New(), "Makefile", [2]);

        Assert.Equal($"{Sid}/{Fid}.csv", nested.Key);
        Assert.Equal("données/été 2026 ✓ %20+.CSV", (await Store.GetAsync(Sid, Fid, CancellationToken.None))!.OriginalName);
        Assert.Equal($"{Sid}/{plain.FileId}", plain.Key);
        Assert.Equal("Makefile", plain.OriginalName);
    }

    [StoreFact]
    public async Task Put_LongestNameInThreeByteCharacters_RoundTrips()
    {
        // Two segments of up to 255 bytes each, 509 bytes in all (the limits are in UTF-8 bytes).
        var name = new string('東', FileNames.MaxSegmentBytes / 3) + "/" + new string('東', (FileNames.MaxSegmentBytes - 4) / 3) + ".csv";
        Assert.Null(FileNames.Validate(name));

        var stored = await PutAsync(Sid, Fid, name, [1]);

        Assert.Equal(name, stored.OriginalName);
        Assert.Equal(name, (await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None))!.OriginalName);
        Assert.Equal(name, Assert.Single(await Store.ListAsync(Sid, CancellationToken.None)).OriginalName);
    }

    [StoreFact]
    public async Task Put_EmptyContent_IsStored()
    {
        var stored = await PutAsync(Sid, Fid, "empty.txt", []);

        Assert.Equal(0, stored.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", stored.Md5);
        Assert.Empty(await ReadAllAsync(Store, Sid, Fid));
    }

    [StoreFact]
    public async Task Put_SameIdAgainUnderAnotherExtension_Replaces()
    {
        await PutAsync(Sid, Fid, "a.csv", [1, 1, 1]);

        var second = await PutAsync(Sid, Fid, "a.json", [2]);

        Assert.Equal([2], await ReadAllAsync(Store, Sid, Fid));
        Assert.Equal($"{Sid}/{Fid}.json", second.Key);
        Assert.Equal([second], await Store.ListAsync(Sid, CancellationToken.None));
        Assert.Equal(second, await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None));
    }

    [StoreFact]
    public async Task BackToBackWrites_AreOrderedByRecency_EvenWithinOneSecond()
    {
        var first = await PutAsync(Sid, Fid, "data.csv", [1]);
        var second = await PutAsync(Ids.New(), Ids.New(), "data.csv", [2]);
        var copy = await Store.CopyAsync(Sid, Fid, Ids.New(), CancellationToken.None);

        Assert.True(StoredFile.CompareRecency(second, first) > 0);
        Assert.True(StoredFile.CompareRecency(copy!, second) > 0);
        Assert.Equal(0, StoredFile.CompareRecency(first, (await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None))!));
    }

    [StoreFact]
    public async Task List_ReturnsEachFileOfTheSessionOnce_SortedByKey()
    {
        var ids = Enumerable.Range(0, 12).Select(_ => Ids.New()).ToArray();
        await Task.WhenAll(ids.Select(id => PutAsync(Sid, id, $"{id}.txt", [1])));
        await PutAsync(Ids.New(), Ids.New(), "other-session.txt", [1]);

        var listed = await Store.ListAsync(Sid, CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(f => f.FileId));
    }

    [StoreFact]
    public async Task AbsentThings_AreEmptyOrNull()
    {
        Assert.Empty(await Store.ListAsync(Sid, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(Sid, Fid, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(Sid, Fid, CancellationToken.None));
        Assert.Null(await Store.CopyAsync(Sid, Fid, Ids.New(), CancellationToken.None));
    }

    [StoreFact]
    public async Task Delete_RemovesTheObjectEverywhere_AndKeepsTheOthers()
    {
        var other = Ids.New();
        await PutAsync(Sid, Fid, "a.csv", [1]);
        await PutAsync(Sid, other, "b.csv", [2]);
        var second = SecondInstance();
        Assert.NotNull(await second.GetAsync(Sid, Fid, CancellationToken.None));

        Assert.True(await Store.DeleteAsync(Sid, Fid, CancellationToken.None));

        Assert.False(await Store.DeleteAsync(Sid, Fid, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Sid, Fid, CancellationToken.None));
        // The second instance had looked the file up before: it must not serve it from memory.
        Assert.Null(await second.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Null(await second.OpenReadAsync(Sid, Fid, CancellationToken.None));
        Assert.Equal([other], (await second.ListAsync(Sid, CancellationToken.None)).Select(f => f.FileId));
    }

    [StoreFact]
    public async Task SecondInstance_SeesEverythingTheFirstWrote()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var stored = await PutAsync(Sid, Fid, "dir/kept.png", content);

        var second = SecondInstance();

        Assert.Equal(stored, await second.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Equal([stored], await second.ListAsync(Sid, CancellationToken.None));
        Assert.Equal(content, await ReadAllAsync(second, Sid, Fid));
    }

    [StoreFact]
    public async Task Copy_MakesTheSameContentAvailableUnderAnotherSession()
    {
        var target = Ids.New();
        var original = await PutAsync(Sid, Fid, "dir/data.csv", [1, 2, 3]);

        var copy = await Store.CopyAsync(Sid, Fid, target, CancellationToken.None);

        Assert.NotNull(copy);
        Assert.Equal($"{target}/{Fid}.csv", copy.Key);
        Assert.Equal((original.OriginalName, original.Md5, original.Size, original.ContentType),
            (copy.OriginalName, copy.Md5, copy.Size, copy.ContentType));
        Assert.True(copy.LastModified >= original.LastModified);
        Assert.Equal([1, 2, 3], await ReadAllAsync(SecondInstance(), target, Fid));
        Assert.Equal([copy], await Store.ListAsync(target, CancellationToken.None));

        Assert.True(await Store.DeleteAsync(target, Fid, CancellationToken.None));
        Assert.Equal(original, await Store.GetAsync(Sid, Fid, CancellationToken.None));
    }

    [StoreFact]
    public async Task Put_SourceFailsMidway_LeavesNothingVisible()
    {
        var bigFailure = (int)MultipartThreshold + 300_000;
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(Sid, Fid, "half.bin", new FailingStream(5000), CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(Sid, Ids.New(), "half-big.bin", new FailingStream(bigFailure), CancellationToken.None));

        Assert.Null(await Store.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Empty(await Store.ListAsync(Sid, CancellationToken.None));
    }

    [StoreFact]
    public async Task Put_InProgress_IsInvisibleUntilComplete()
    {
        var gated = new GatedStream(RandomNumberGenerator.GetBytes(200_000));
        var put = Store.PutAsync(Sid, Fid, "slow.bin", gated, CancellationToken.None);
        await gated.HalfServed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Empty(await SecondInstance().ListAsync(Sid, CancellationToken.None));

        gated.Release.SetResult();
        await put;
        Assert.NotNull(await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteOlderThan_RemovesOldKeepsYoung_AndIsIdempotent()
    {
        var old = await PutAsync(Sid, Fid, "old.txt", [1]);
        // Stores keep whole seconds (S3's Last-Modified); make the two writes land in different ones.
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        var young = await PutAsync(Ids.New(), Ids.New(), "young.txt", [2]);
        Assert.True(old.LastModified < young.LastModified);

        Assert.Equal(0, await Store.DeleteOlderThanAsync(old.LastModified, CancellationToken.None));
        Assert.Equal(1, await Store.DeleteOlderThanAsync(young.LastModified, CancellationToken.None));

        Assert.Null(await Store.GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Null(await SecondInstance().GetAsync(Sid, Fid, CancellationToken.None));
        Assert.Equal(young, await Store.GetAsync(young.SessionId, young.FileId, CancellationToken.None));
        Assert.Equal(0, await Store.DeleteOlderThanAsync(young.LastModified, CancellationToken.None));
    }

    [StoreFact]
    public async Task InvalidIdsAndNames_AreRefusedBeforeTouchingStorage()
    {
        string[] badIds = ["", "short", "../../../../../../etc/x", new string('a', 22), "abcdefghij/lmnopqrstu", "abcdefghij.lmnopqrstu"];
        foreach (var bad in badIds)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(bad, Fid, "a.csv", [1]));
            await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(Sid, bad, "a.csv", [1]));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(Sid, bad, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(bad, Fid, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(bad, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(Sid, bad, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.CopyAsync(Sid, Fid, bad, CancellationToken.None));
        }
        foreach (var bad in new[] { "../x", "/abs", "a\\b", "a\0b", "a//b", "a/../b", "", new string('x', 257) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(Sid, Fid, bad, [1]));
        }
        Assert.Empty(await Store.ListAsync(Sid, CancellationToken.None));
    }

    [StoreFact]
    public async Task Check_ReportsAUsableStore()
    {
        var status = await Store.CheckAsync(CancellationToken.None);

        Assert.True(status.Available, status.Problem);
        Assert.Null(status.Problem);
    }

    protected static async Task<byte[]> ReadAllAsync(IFileStore store, string sessionId, string fileId)
    {
        var opened = await store.OpenReadAsync(sessionId, fileId, CancellationToken.None);
        Assert.NotNull(opened);
        await using var stream = opened.Value.Content;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

/// <summary>Serves its data in small reads and never tells its length, like a request body.</summary>
internal sealed class TrickleStream(byte[] data) : SourceStream
{
    private int _position;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = Math.Min(Math.Min(buffer.Length, 7000), data.Length - _position);
        data.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return ValueTask.FromResult(count);
    }
}
