using System.Security.Cryptography;
using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Storage.Local;

public sealed class LocalFileStoreAtomicityTests : IDisposable
{
    private readonly StoreHarness _harness = new();
    private readonly string _sid = Ids.New();
    private readonly string _fid = Ids.New();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Put_SourceFailsMidway_LeavesNothingBehind()
    {
        var source = new FailingStream(bytesBeforeFailure: 1024 * 1024);

        await Assert.ThrowsAsync<IOException>(() =>
            _harness.Store.PutAsync(_sid, _fid, "upload.csv", source, CancellationToken.None));

        Assert.Empty(await _harness.Store.ListAsync(_sid, CancellationToken.None));
        Assert.Null(await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.Empty(_harness.AllFiles());
    }

    [Fact]
    public async Task Put_Cancelled_LeavesNothingBehind()
    {
        var source = new GatedStream(new byte[1024 * 1024]);
        using var cts = new CancellationTokenSource();
        var put = _harness.Store.PutAsync(_sid, _fid, "a.bin", source, cts.Token);
        await source.HalfServed.Task;

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.Empty(_harness.AllFiles());
    }

    [Fact]
    public async Task Put_InProgress_IsInvisibleUntilComplete()
    {
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var source = new GatedStream(content);
        var put = _harness.Store.PutAsync(_sid, _fid, "big.bin", source, CancellationToken.None);
        await source.HalfServed.Task;

        Assert.Empty(await _harness.Store.ListAsync(_sid, CancellationToken.None));
        Assert.Null(await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));
        Assert.Null(await _harness.Store.OpenReadAsync(_sid, _fid, CancellationToken.None));
        Assert.Single(Directory.GetFiles(_harness.TempDir));

        source.Release.SetResult();
        var stored = await put;

        Assert.Equal([stored], await _harness.Store.ListAsync(_sid, CancellationToken.None));
        Assert.Equal(content.Length, stored.Size);
        Assert.Empty(Directory.GetFiles(_harness.TempDir));
    }

    [Fact]
    public async Task Put_ReplaceInProgress_KeepsServingThePreviousVersion()
    {
        var first = await _harness.PutAsync(_sid, _fid, "a.csv", [1, 2, 3]);
        var source = new GatedStream(new byte[4096]);
        var put = _harness.Store.PutAsync(_sid, _fid, "a.csv", source, CancellationToken.None);
        await source.HalfServed.Task;

        Assert.Equal(first, await _harness.Store.GetAsync(_sid, _fid, CancellationToken.None));

        source.Release.SetResult();
        Assert.Equal(4096, (await put).Size);
    }

    [Fact]
    public async Task ConcurrentPutsAndSweeps_AllPutsSucceedAndStayListed()
    {
        var sessions = Enumerable.Range(0, 50).Select(_ => Ids.New()).ToArray();
        using var stop = new CancellationTokenSource();
        var sweeper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _harness.Store.DeleteOlderThanAsync(_harness.Start.AddHours(-1), CancellationToken.None);
            }
        });

        await Parallel.ForEachAsync(sessions, async (sid, ct) =>
        {
            for (var i = 0; i < 4; i++)
            {
                await _harness.Store.PutAsync(sid, Ids.New(), $"f{i}.txt", new MemoryStream([(byte)i]), ct);
            }
        });
        await stop.CancelAsync();
        await sweeper;

        foreach (var sid in sessions)
        {
            Assert.Equal(4, (await _harness.Store.ListAsync(sid, CancellationToken.None)).Count);
        }
    }
}
