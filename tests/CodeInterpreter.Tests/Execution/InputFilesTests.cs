using CodeInterpreter.Execution;
using CodeInterpreter.Files;
using CodeInterpreter.Languages;
using CodeInterpreter.Storage;
using CodeInterpreter.Tests.Fakes;

namespace CodeInterpreter.Tests.Execution;

public sealed class InputFilesTests
{
    private readonly InMemoryFileStore _store = new();

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
        var inputs = await new InputFiles(_store).ResolveAsync(Request(session), default);
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

        var inputs = await new InputFiles(_store).ResolveAsync(Request(session, newer, older), default);

        Assert.Equal(newer.FileId, inputs["data.csv"].Stored.FileId);
        Assert.NotEqual(inSession.FileId, inputs["data.csv"].Stored.FileId);
    }

    [Fact]
    public async Task FileAndDirectoryOfTheSameName_AreRefused()
    {
        var a = await PutAsync(Ids.New(), "a", DateTimeOffset.UnixEpoch);
        var ab = await PutAsync(Ids.New(), "a/b", DateTimeOffset.UnixEpoch);
        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => new InputFiles(_store).ResolveAsync(Request(null, a, ab), default));
        Assert.Equal(ExecutionError.InputConflict, refused.Error);
    }
}
