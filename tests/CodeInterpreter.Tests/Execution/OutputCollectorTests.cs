using System.Text;
using CodeInterpreter.Execution;
using CodeInterpreter.Files;
using CodeInterpreter.Storage.Quota;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution;

public sealed class OutputCollectorTests : IAsyncLifetime
{
    private readonly InMemoryFileStore _store = new();
    private readonly DirectoryJob _job = new();
    private readonly string _session = Ids.New();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _job.DisposeAsync();

    private OutputCollector Collector(int maxFiles = 10, int maxFileMb = 1, StorageQuotaOptions? quota = null) =>
        new(_store, TestQuota.For(_store, quota), Options.Create(new ExecutionOptions { MaxOutputFiles = maxFiles, MaxOutputFileMb = maxFileMb }));

    private async Task<InputFile> InputAsync(string name, string content)
    {
        var stored = await _store.PutAsync(Ids.New(), Ids.New(), name, new MemoryStream(Encoding.UTF8.GetBytes(content)), default);
        await _job.WriteWorkFileAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(content)), default);
        return new InputFile(name, stored);
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(_job.WorkDir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public async Task NewFiles_AreStoredUnderTheNewSession()
    {
        Write("out.csv", "a,b\n1,2\n");
        Write("plots/p.png", "png");
        var (files, notes) = await Collector().CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default);
        Assert.Empty(notes);
        Assert.Equal(["out.csv", "plots/p.png"], files.Select(f => f.Name));
        Assert.All(files, f => Assert.Equal(_session, f.StorageSessionId));
        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(_store.Bytes(_session, files[0].Id)));
    }

    [Fact]
    public async Task UnchangedInput_IsInherited_ChangedInput_GetsANewIdAndModifiedFrom()
    {
        var same = await InputAsync("same.txt", "keep");
        var edited = await InputAsync("edited.txt", "before");
        Write("edited.txt", "after!");
        var inputs = new Dictionary<string, InputFile> { ["same.txt"] = same, ["edited.txt"] = edited };

        var (files, _) = await Collector().CollectAsync(_job, inputs, _session, QuotaOwner.Service, default);

        var inherited = Assert.Single(files, f => f.Name == "same.txt");
        Assert.True(inherited.Inherited);
        Assert.Equal((same.Stored.FileId, same.Stored.SessionId), (inherited.Id, inherited.StorageSessionId));
        // Also listed and downloadable under the run's session, for clients that only know the reply's session_id.
        Assert.Equal("keep", Encoding.UTF8.GetString(_store.Bytes(_session, same.Stored.FileId)));
        var changed = Assert.Single(files, f => f.Name == "edited.txt");
        Assert.False(changed.Inherited);
        Assert.NotEqual(edited.Stored.FileId, changed.Id);
        Assert.Equal(_session, changed.StorageSessionId);
        Assert.Equal(new FileOrigin(edited.Stored.FileId, edited.Stored.SessionId), changed.ModifiedFrom);
    }

    [Fact]
    public async Task SameSizeDifferentContent_CountsAsChanged()
    {
        var input = await InputAsync("x.txt", "aaaa");
        Write("x.txt", "bbbb");
        var (files, _) = await Collector().CollectAsync(_job, new Dictionary<string, InputFile> { ["x.txt"] = input }, _session, QuotaOwner.Service, default);
        Assert.NotNull(Assert.Single(files).ModifiedFrom);
    }

    [Fact]
    public async Task MoreFilesThanTheCap_KeepsTheFirstAndSaysSo()
    {
        for (var i = 0; i < 5; i++)
        {
            Write($"f{i}.txt", "x");
        }
        var (files, notes) = await Collector(maxFiles: 3).CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default);
        Assert.Equal(["f0.txt", "f1.txt", "f2.txt"], files.Select(f => f.Name));
        Assert.Equal(2, notes.Count);
        Assert.Contains("only 3 new or changed files", notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedFile_IsNotStoredAndSaysSo()
    {
        File.WriteAllBytes(Path.Combine(_job.WorkDir, "big.bin"), new byte[(1024 * 1024) + 1]);
        var (files, notes) = await Collector(maxFileMb: 1).CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default);
        Assert.Empty(files);
        Assert.Contains("per-file limit", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(0, _store.Puts);
    }

    [Fact]
    public async Task NameWithALineBreak_IsNotStored()
    {
        Write("bad\nname.txt", "x");
        var (files, notes) = await Collector().CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default);
        Assert.Empty(files);
        Assert.Contains("bad?name.txt", Assert.Single(notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOutputOverTheOwnersQuota_IsNotStored_WithANote_AndTheOthersAre()
    {
        Write("big.bin", new string('x', 700 * 1024));
        Write("small.txt", "fits");
        var quota = new StorageQuotaOptions { TotalMb = 0, MinFreeMb = 0, PerUserMb = 1 };
        Write("zz-second-big.bin", new string('y', 700 * 1024));

        var (files, notes) = await Collector(quota: quota).CollectAsync(_job, new Dictionary<string, InputFile>(), _session,
            QuotaOwner.Of("key 1", "alice"), default);

        Assert.Equal(["big.bin", "small.txt"], files.Select(f => f.Name));
        var note = Assert.Single(notes);
        Assert.StartsWith("'zz-second-big.bin' was not kept: Storage quota exceeded: this user already stored", note, StringComparison.Ordinal);
        Assert.Equal(2, _store.Puts);
    }
}
