using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Storage.Local;

public sealed class LocalFileStoreValidationTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    public static TheoryData<string> BadIds => ["", "short", "../../../../../../etc/x", new string('a', 22), "abcdefghij/lmnopqrstu", "abcdefghij.lmnopqrstu"];

    public static TheoryData<string> BadNames => ["../x", "/abs", "a\\b", "a\0b", "a//b", "a/../b", "./a", "", "a/", new string('x', 257)];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Put_InvalidSessionOrFileId_ThrowsAndWritesNothing(string badId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.PutAsync(badId, Ids.New(), "a.csv", [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.PutAsync(Ids.New(), badId, "a.csv", [1]));

        AssertNothingWritten();
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Put_TraversalOrMalformedName_ThrowsAndWritesNothing(string badName)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.PutAsync(Ids.New(), Ids.New(), badName, [1]));

        AssertNothingWritten();
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task ReadsAndDeletes_InvalidIds_Throw(string badId)
    {
        var store = _harness.Store;
        var ok = Ids.New();
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(badId, ok, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(ok, badId, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(ok, badId, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(badId, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(badId, ok, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(ok, badId, CancellationToken.None));
    }

    [Fact]
    public async Task Put_NullId_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.PutAsync(Ids.New(), null!, "a.csv", [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Store.GetAsync(Ids.New(), null!, CancellationToken.None));

        AssertNothingWritten();
    }

    private void AssertNothingWritten()
    {
        Assert.Empty(_harness.AllFiles());
        Assert.Equal([_harness.TempDir], Directory.GetDirectories(_harness.Root));
    }
}
