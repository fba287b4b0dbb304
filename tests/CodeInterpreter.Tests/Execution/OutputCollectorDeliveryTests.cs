using System.Text;
using CodeInterpreter.Execution;
using CodeInterpreter.Files;
using CodeInterpreter.Storage.Quota;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution;

/// <summary>What LibreChat's newest client reads beside the files: removed inputs, and a delivery that failed part-way.</summary>
public sealed class OutputCollectorDeliveryTests : IAsyncLifetime
{
    private readonly InMemoryFileStore _store = new();
    private readonly DirectoryJob _job = new();
    private readonly string _session = Ids.New();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _job.DisposeAsync();

    private OutputCollector Collector() => new(_store, TestQuota.For(_store), Options.Create(new ExecutionOptions()));

    private async Task<InputFile> InputAsync(string name)
    {
        var stored = await _store.PutAsync(Ids.New(), Ids.New(), name, new MemoryStream("x"u8.ToArray()), default);
        await _job.WriteWorkFileAsync(name, new MemoryStream("x"u8.ToArray()), default);
        return new InputFile(name, stored);
    }

    [Fact]
    public async Task InputsTheProgramRemoved_AreDeletedFiles_ByTheirNames()
    {
        var kept = await InputAsync("kept.csv");
        var removed = await InputAsync("dir/removed.csv");
        File.Delete(Path.Combine(_job.WorkDir, "dir", "removed.csv"));

        var collected = await Collector().CollectAsync(_job, new Dictionary<string, InputFile>
        {
            ["kept.csv"] = kept,
            ["dir/removed.csv"] = removed,
        }, _session, QuotaOwner.Service, default);

        Assert.Equal(["dir/removed.csv"], collected.Deleted);
        Assert.Null(collected.Delivery);
    }

    [Fact]
    public async Task AWorkspaceFileTheProgramLeftAlone_IsNoOutput_ARemovedOneIsDeleted()
    {
        File.WriteAllText(Path.Combine(_job.WorkDir, "same.txt"), "same");
        File.WriteAllText(Path.Combine(_job.WorkDir, "changed.txt"), "after");
        var baseline = new Dictionary<string, FileDigest>
        {
            ["same.txt"] = new(4, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("same"u8))),
            ["changed.txt"] = new(6, "0"),
            ["gone.txt"] = new(1, "0"),
        };

        var collected = await Collector().CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default, baseline);

        Assert.Equal(["changed.txt"], collected.Files.Select(f => f.Name));
        Assert.Equal(["gone.txt"], collected.Deleted);
    }

    [Fact]
    public async Task AStoreThatFailsPartWay_KeepsWhatWasStored_AndCountsTheRest()
    {
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            File.WriteAllText(Path.Combine(_job.WorkDir, name), name);
        }
        _store.FailPutsAfter = 1;

        var collected = await Collector().CollectAsync(_job, new Dictionary<string, InputFile>(), _session, QuotaOwner.Service, default);

        Assert.Equal(["a.txt"], collected.Files.Select(f => f.Name));
        Assert.Equal(new ArtifactDelivery(3, 1, 2), collected.Delivery);
        Assert.Equal(2, collected.Notes.Count(n => n.Contains("could not be stored", StringComparison.Ordinal)));
        Assert.Equal("a.txt", Encoding.UTF8.GetString(_store.Bytes(_session, collected.Files[0].Id)));
    }
}
