using System.Security.Cryptography;
using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Storage.Local;

public sealed class LocalFileStoreTests : IDisposable
{
    private readonly StoreHarness _harness = new();
    private readonly string _sid = Ids.New();
    private readonly string _fid = Ids.New();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Put_AllByteValues_RoundTripsByteExact()
    {
        var content = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await _harness.PutAsync(_sid, _fid, "bytes.bin", content);

        Assert.Equal(content, await ReadAllAsync(_sid, _fid));
    }

    [Fact]
    public async Task Put_ThreeMegabyteRandomBlob_RoundTripsWithMd5ETag()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        var stored = await _harness.PutAsync(_sid, _fid, "blob.dat", content);

        Assert.Equal(content, await ReadAllAsync(_sid, _fid));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), stored.ETag);
        Assert.Equal(content.Length, stored.Size);
    }

    [Fact]
    public async Task Put_ReturnsMetadata_AndGetAndListAgree()
    {
        var stored = await _harness.PutAsync(_sid, _fid, "data.csv", "a,b\n1,2\n"u8.ToArray());

        Assert.Equal($"{_sid}/{_fid}.csv", stored.Key);
        Assert.Equal("data.csv", stored.OriginalName);
        Assert.Equal("text/csv", stored.ContentType);
        Assert.Equal(8, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("a,b\n1,2\n"u8)), stored.ETag);
        Assert.Equal(_harness.Start, stored.LastModified);
        Assert.Equal(stored, await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.Equal([stored], await _harness.Store.ListAsync(_sid, CancellationToken.None));
    }

    [Fact]
    public async Task Put_LaysOutDataFileAndSidecar()
    {
        await _harness.PutAsync(_sid, _fid, "Report.CSV", [1, 2, 3]);

        var names = Directory.GetFiles(Path.Combine(_harness.Root, _sid)).Select(Path.GetFileName).Order();
        Assert.Equal([$"{_fid}.csv", $"{_fid}.meta.json"], names);
    }

    [Fact]
    public async Task Put_SidecarHoldsTheDocumentedFields()
    {
        var stored = await _harness.PutAsync(_sid, _fid, "dir/a.csv", [1]);

        var json = await File.ReadAllTextAsync(Path.Combine(_harness.Root, _sid, _fid + ".meta.json"));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(stored.Key, root.GetProperty("key").GetString());
        Assert.Equal("dir/a.csv", root.GetProperty("originalName").GetString());
        Assert.Equal("text/csv", root.GetProperty("contentType").GetString());
        Assert.Equal(1, root.GetProperty("size").GetInt64());
        Assert.Equal(stored.ETag, root.GetProperty("etag").GetString());
        Assert.Equal(stored.LastModified, root.GetProperty("lastModified").GetDateTimeOffset());
    }

    [Fact]
    public async Task Put_NestedName_KeepsOriginalNameAndUsesLeafExtension()
    {
        var stored = await _harness.PutAsync(_sid, _fid, "dir/a.csv", [1]);

        Assert.Equal($"{_sid}/{_fid}.csv", stored.Key);
        Assert.Equal("dir/a.csv", (await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None))!.OriginalName);
    }

    [Fact]
    public async Task Put_NameWithoutExtension_KeyHasNoExtension()
    {
        var stored = await _harness.PutAsync(_sid, _fid, "Makefile", [1]);

        Assert.Equal($"{_sid}/{_fid}", stored.Key);
        Assert.Equal(ContentTypes.Fallback, stored.ContentType);
        Assert.Equal([1], await ReadAllAsync(_sid, _fid));
        Assert.Single(await _harness.Store.ListAsync(_sid, CancellationToken.None));
    }

    [Fact]
    public async Task Put_EmptyContent_IsStored()
    {
        var stored = await _harness.PutAsync(_sid, _fid, "empty.txt", []);

        Assert.Equal(0, stored.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", stored.ETag);
        Assert.Empty(await ReadAllAsync(_sid, _fid));
    }

    [Fact]
    public async Task Put_SameIdAgain_Replaces()
    {
        await _harness.PutAsync(_sid, _fid, "a.csv", [1, 1, 1]);
        _harness.Time.Advance(TimeSpan.FromMinutes(5));

        var second = await _harness.PutAsync(_sid, _fid, "a.json", [2]);

        Assert.Equal([2], await ReadAllAsync(_sid, _fid));
        Assert.Equal([second], await _harness.Store.ListAsync(_sid, CancellationToken.None));
        Assert.Equal($"{_sid}/{_fid}.json", second.Key);
        Assert.Equal(_harness.Start.AddMinutes(5), second.LastModified);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_harness.Root, _sid)).Length);
    }

    [Fact]
    public async Task List_ManyFiles_ReturnsEachOnce()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Ids.New()).ToArray();
        foreach (var id in ids)
        {
            await _harness.PutAsync(_sid, id, $"{id}.txt", [1]);
        }
        await _harness.PutAsync(Ids.New(), Ids.New(), "other-session.txt", [1]);

        var listed = await _harness.Store.ListAsync(_sid, CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(f => f.FileId));
    }

    [Fact]
    public async Task List_UnknownSession_IsEmpty()
    {
        Assert.Empty(await _harness.Store.ListAsync(Ids.New(), CancellationToken.None));
    }

    [Fact]
    public async Task GetAndOpen_Absent_ReturnNull()
    {
        Assert.Null(await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.Null(await _harness.Store.OpenReadAsync(_sid, _fid, CancellationToken.None));
    }

    [Fact]
    public async Task OpenRead_ReturnsAsyncFileStream()
    {
        await _harness.PutAsync(_sid, _fid, "a.txt", [1, 2]);

        var opened = await _harness.Store.OpenReadAsync(_sid, _fid, CancellationToken.None);

        await using var stream = Assert.IsType<FileStream>(opened!.Value.Content);
        Assert.True(stream.IsAsync);
        Assert.Equal(2, stream.Length);
        Assert.Equal("a.txt", opened.Value.File.OriginalName);
    }

    [Fact]
    public async Task Delete_RemovesObjectAndEmptySession_ThenReportsAbsent()
    {
        await _harness.PutAsync(_sid, _fid, "a.csv", [1]);

        Assert.True(await _harness.Store.DeleteAsync(_sid, _fid, CancellationToken.None));
        Assert.False(await _harness.Store.DeleteAsync(_sid, _fid, CancellationToken.None));
        Assert.Null(await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_harness.Root, _sid)));
    }

    [Fact]
    public async Task Delete_KeepsOtherFilesOfTheSession()
    {
        var other = Ids.New();
        await _harness.PutAsync(_sid, _fid, "a.csv", [1]);
        await _harness.PutAsync(_sid, other, "b.csv", [2]);

        await _harness.Store.DeleteAsync(_sid, _fid, CancellationToken.None);

        Assert.Equal([other], (await _harness.Store.ListAsync(_sid, CancellationToken.None)).Select(f => f.FileId));
    }

    [Fact]
    public async Task NewStoreOverSameRoot_SeesEverything()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var stored = await _harness.PutAsync(_sid, _fid, "dir/kept.png", content);

        var restarted = _harness.NewStore();

        Assert.Equal(stored, await restarted.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.Equal([stored], await restarted.ListAsync(_sid, CancellationToken.None));
        var opened = await restarted.OpenReadAsync(_sid, _fid, CancellationToken.None);
        await using var stream = opened!.Value.Content;
        Assert.Equal(content, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task Directories_AreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        await _harness.PutAsync(_sid, _fid, "a.csv", [1]);

        foreach (var dir in new[] { _harness.Root, _harness.TempDir, Path.Combine(_harness.Root, _sid) })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        }
    }

    private async Task<byte[]> ReadAllAsync(string sessionId, string fileId)
    {
        var opened = await _harness.Store.OpenReadAsync(sessionId, fileId, CancellationToken.None);
        Assert.NotNull(opened);
        await using var stream = opened.Value.Content;
        return await ReadToEndAsync(stream);
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
