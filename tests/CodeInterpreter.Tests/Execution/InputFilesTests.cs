using CodeInterpreter.Execution;
using CodeInterpreter.Files;
using CodeInterpreter.Languages;
using CodeInterpreter.Storage;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution;

public sealed class InputFilesTests
{
    private readonly InMemoryFileStore _store = new();

    private InputFiles Create(int maxFiles = 100, int maxMb = 512) =>
        new(_store, Options.Create(new ExecutionOptions { MaxInputFiles = maxFiles, MaxInputMb = maxMb }));

    private async Task<StoredFile> PutAsync(string session, string name, DateTimeOffset at)
    {
        _store.Now = at;
        return await _store.PutAsync(session, Ids.New(), name, new MemoryStream([1, 2, 3]), default);
    }

    private static ExecutionRequest Request(string? sessionId, params StoredFile[] refs) => new()
    {
        Language = LanguageCatalog.Default.Find("py")!,
        Code = "",
        SessionId = sessionId,
        Files = [.. refs.Select(r => new FileRef(r.FileId, r.SessionId, r.OriginalName))],
    };

    [Fact]
    public async Task SessionFiles_AreAllMounted_UnderTheirOriginalNames()
    {
        var session = Ids.New();
        var t0 = DateTimeOffset.UnixEpoch;
        await PutAsync(session, "a.csv", t0);
        await PutAsync(session, "dir/b.csv", t0);
        var inputs = await Create().ResolveAsync(Request(session), default);
        Assert.Equal(["a.csv", "dir/b.csv"], inputs.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SameName_NewestRefWins_AndARefBeatsASessionFile()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var session = Ids.New();
        var inSession = await PutAsync(session, "data.csv", t0.AddHours(5));
        var older = await PutAsync(Ids.New(), "data.csv", t0);
        var newer = await PutAsync(Ids.New(), "data.csv", t0.AddHours(1));

        var inputs = await Create().ResolveAsync(Request(session, newer, older), default);

        Assert.Equal(newer.FileId, inputs["data.csv"].Stored.FileId);
        Assert.NotEqual(inSession.FileId, inputs["data.csv"].Stored.FileId);
    }

    [Fact]
    public async Task FileAndDirectoryOfTheSameName_AreRefused()
    {
        var a = await PutAsync(Ids.New(), "a", DateTimeOffset.UnixEpoch);
        var ab = await PutAsync(Ids.New(), "a/b", DateTimeOffset.UnixEpoch);
        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => Create().ResolveAsync(Request(null, a, ab), default));
        Assert.Equal(ExecutionError.InputConflict, refused.Error);
    }

    [Fact]
    public async Task MoreInputFilesThanTheCap_AreRefusedBeforeAnyLookup()
    {
        var session = Ids.New();
        var refs = new[] { "a", "b", "c" }.Select(name => new FileRef(Ids.New(), session, name)).ToList();
        var request = Request(null) with { Files = refs };

        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => Create(maxFiles: 2).ResolveAsync(request, default));

        Assert.Equal(ExecutionError.InputTooLarge, refused.Error);
        Assert.Contains("at most 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionFilesCount_TowardsTheFileCap()
    {
        var session = Ids.New();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await PutAsync(session, name, DateTimeOffset.UnixEpoch);
        }

        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => Create(maxFiles: 2).ResolveAsync(Request(session), default));

        Assert.Equal(ExecutionError.InputTooLarge, refused.Error);
    }

    [Fact]
    public async Task InputsOverTheByteCap_AreRefused_AndAtTheCapAccepted()
    {
        var session = Ids.New();
        var big = await _store.PutAsync(session, Ids.New(), "big.bin", new MemoryStream(new byte[1024 * 1024]), default);
        var small = await _store.PutAsync(session, Ids.New(), "small.bin", new MemoryStream([1]), default);

        var accepted = await Create(maxMb: 1).ResolveAsync(Request(null, big), default);
        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => Create(maxMb: 1).ResolveAsync(Request(null, big, small), default));

        Assert.Single(accepted);
        Assert.Equal(ExecutionError.InputTooLarge, refused.Error);
        Assert.Contains("at most 1 MiB", refused.Message, StringComparison.Ordinal);
    }
}
