using CodeInterpreter.Files;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Storage.Local;

/// <summary>The service's own objects beside the session files: atomic, listed per folder, invisible to sessions and expiry.</summary>
public sealed class LocalStateStoreTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private Task<StateEntry> PutAsync(string key, string text) =>
        _harness.Store.PutStateAsync(key, (s, ct) => s.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct).AsTask(), default);

    [Fact]
    public async Task AnObject_IsWrittenReadListedAndDeleted()
    {
        var entry = await PutAsync("workspaces/abc.tar", "hello");
        Assert.Equal(("workspaces/abc.tar", 5L), (entry.Key, entry.Size));

        await using (var found = await _harness.Store.OpenStateAsync("workspaces/abc.tar", default))
        {
            using var reader = new StreamReader(found!.Content);
            Assert.Equal("hello", await reader.ReadToEndAsync());
        }
        await PutAsync("workspaces/abc.tar", "replaced");
        Assert.Equal(["workspaces/abc.tar"], (await _harness.Store.ListStateAsync("workspaces", default)).Select(e => e.Key));
        Assert.True(await _harness.Store.DeleteStateAsync("workspaces/abc.tar", default));
        Assert.False(await _harness.Store.DeleteStateAsync("workspaces/abc.tar", default));
        Assert.Null(await _harness.Store.OpenStateAsync("workspaces/abc.tar", default));
    }

    [Fact]
    public async Task StateObjects_AreNoSession_AndExpiryLeavesThemAlone()
    {
        await PutAsync("peers/node.json", "{}");
        var removed = await _harness.Store.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddDays(1), default);
        Assert.Equal(0, removed);
        Assert.Single(await _harness.Store.ListStateAsync("peers", default));
        Assert.Empty(await _harness.Store.ListAsync(Ids.New(), default));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("workspaces/../../x")]
    [InlineData("Workspaces/a")]
    [InlineData("workspaces/a/b")]
    [InlineData("workspaces/a.tar\n")]
    [InlineData("workspaces/")]
    public async Task KeysOutsideTheirShape_AreRefused(string key) =>
        await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(key, "x"));

    [Fact]
    public async Task AFailedWrite_LeavesThePreviousObject()
    {
        await PutAsync("workspaces/w.tar", "old");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.Store.PutStateAsync("workspaces/w.tar",
            async (s, ct) =>
            {
                await s.WriteAsync("half"u8.ToArray(), ct);
                throw new InvalidOperationException("the writer failed");
            }, default));
        await using var found = await _harness.Store.OpenStateAsync("workspaces/w.tar", default);
        using var reader = new StreamReader(found!.Content);
        Assert.Equal("old", await reader.ReadToEndAsync());
    }
}
