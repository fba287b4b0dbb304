using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Storage.Local;

public sealed class LocalFileStoreCopyTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Copy_MakesTheSameObjectAvailableUnderAnotherSession()
    {
        var (from, to, id) = (Ids.New(), Ids.New(), Ids.New());
        var original = await _harness.PutAsync(from, id, "dir/data.csv", [1, 2, 3]);
        _harness.Time.Advance(TimeSpan.FromHours(1));

        var copy = await _harness.Store.CopyAsync(from, id, to, default);

        Assert.NotNull(copy);
        Assert.Equal($"{to}/{id}.csv", copy.Key);
        Assert.Equal((original.OriginalName, original.ETag, original.Size), (copy.OriginalName, copy.ETag, copy.Size));
        Assert.Equal(_harness.Time.GetUtcNow(), copy.LastModified);
        var opened = await _harness.Store.OpenReadAsync(to, id, default);
        await using (opened!.Value.Content)
        {
            using var bytes = new MemoryStream();
            await opened.Value.Content.CopyToAsync(bytes);
            Assert.Equal([1, 2, 3], bytes.ToArray());
        }
        Assert.Single(await _harness.Store.ListAsync(to, default));
    }

    [Fact]
    public async Task DeletingTheCopy_LeavesTheOriginal()
    {
        var (from, to, id) = (Ids.New(), Ids.New(), Ids.New());
        await _harness.PutAsync(from, id, "a.txt", [7]);
        await _harness.Store.CopyAsync(from, id, to, default);

        Assert.True(await _harness.Store.DeleteAsync(to, id, default));
        Assert.NotNull(await _harness.Store.GetAsync(from, id, default));
    }

    [Fact]
    public async Task Copy_OfAMissingObject_IsNull() =>
        Assert.Null(await _harness.Store.CopyAsync(Ids.New(), Ids.New(), Ids.New(), default));
}
