using CodeInterpreter.Execution.Workspaces;
using CodeInterpreter.Storage;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WorkspaceSet = CodeInterpreter.Execution.Workspaces.Workspaces;

namespace CodeInterpreter.Tests.Execution.Workspaces;

/// <summary>Persistent /mnt/data per (caller, hint): what a call leaves is what the next one finds, one call at a time.</summary>
public sealed class WorkspacesTests
{
    private static readonly RuntimeSessionSpec s_spec = new("key:abc", "conversation-1");

    private static WorkspaceSet Create(IStateStore store, WorkspaceOptions? options = null, TimeProvider? time = null) =>
        new(store, Options.Create(options ?? new WorkspaceOptions()), TimeSpan.FromHours(24), time ?? TimeProvider.System,
            NullLogger<WorkspaceSet>.Instance);

    [Fact]
    public void TheRuntimeSessionId_IsStablePerCallerAndHint_AndRevealsNeither()
    {
        var id = RuntimeSessionIds.For(s_spec);
        Assert.Equal(id, RuntimeSessionIds.For(s_spec with { }));
        Assert.True(CodeInterpreter.Files.Ids.IsValid(id));
        Assert.NotEqual(id, RuntimeSessionIds.For(s_spec with { Caller = "key:other" }));
        Assert.NotEqual(id, RuntimeSessionIds.For(s_spec with { Hint = "conversation-2" }));
        Assert.NotEqual(id, RuntimeSessionIds.For(new RuntimeSessionSpec("key:abc", null, "conversation-1")));
        Assert.DoesNotContain("conversation", id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conv_1.a:b-c", true)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("conv\n", false)]
    [InlineData("", false)]
    public void Hints_AreLibreChatsFormat(string hint, bool valid) => Assert.Equal(valid, RuntimeSessionIds.IsValidHint(hint));

    [Fact]
    public void AHintOf128Characters_IsFine_129IsNot()
    {
        Assert.True(RuntimeSessionIds.IsValidHint(new string('a', 128)));
        Assert.False(RuntimeSessionIds.IsValidHint(new string('a', 129)));
    }

    [Fact]
    public async Task FilesOfOneCall_AreThereInTheNext_AndTheStatusTurnsReused()
    {
        var workspaces = Create(new InMemoryStateStore());
        await using (var first = (await workspaces.AttachAsync(s_spec, default))!)
        {
            Assert.False(first.Reused);
            await using var job = new DirectoryJob();
            await first.RestoreAsync(job, default);
            await File.WriteAllTextAsync(Path.Combine(job.WorkDir, "model.pkl"), "weights");
            Directory.CreateDirectory(Path.Combine(job.WorkDir, "sub"));
            await File.WriteAllTextAsync(Path.Combine(job.WorkDir, "sub", "notes.md"), "# notes");
            await first.SaveAsync(job, default);
        }

        await using var second = (await workspaces.AttachAsync(s_spec, default))!;
        await using var next = new DirectoryJob();
        await second.RestoreAsync(next, default);

        Assert.True(second.Reused);
        Assert.Equal("weights", await File.ReadAllTextAsync(Path.Combine(next.WorkDir, "model.pkl")));
        Assert.Equal("# notes", await File.ReadAllTextAsync(Path.Combine(next.WorkDir, "sub", "notes.md")));
        Assert.Equal(["model.pkl", "sub/notes.md"], second.Baseline.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUnchangedWorkspace_IsNotWrittenAgain()
    {
        var store = new InMemoryStateStore();
        var workspaces = Create(store);
        await using (var first = (await workspaces.AttachAsync(s_spec, default))!)
        {
            await using var job = new DirectoryJob();
            await File.WriteAllTextAsync(Path.Combine(job.WorkDir, "a.txt"), "a");
            await first.SaveAsync(job, default);
        }
        var puts = store.Puts;

        await using var second = (await workspaces.AttachAsync(s_spec, default))!;
        await using var next = new DirectoryJob();
        await second.RestoreAsync(next, default);
        await second.SaveAsync(next, default);

        Assert.Equal(puts, store.Puts);
    }

    [Fact]
    public async Task AWorkspaceOverTheCap_IsNotSaved_AndSaysSo()
    {
        var workspaces = Create(new InMemoryStateStore(), new WorkspaceOptions { MaxMb = 1 });
        await using var attached = (await workspaces.AttachAsync(s_spec, default))!;
        await using var job = new DirectoryJob();
        await File.WriteAllBytesAsync(Path.Combine(job.WorkDir, "big.bin"), new byte[(1024 * 1024) + 1]);

        await attached.SaveAsync(job, default);

        Assert.Contains(attached.Notes, n => n.Contains("over the 1 MiB cap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondCall_WaitsItsTurn_ThenIsBusy()
    {
        var workspaces = Create(new InMemoryStateStore(), new WorkspaceOptions { BusyWaitSeconds = 1 });
        await using var first = (await workspaces.AttachAsync(s_spec, default))!;

        await Assert.ThrowsAsync<WorkspaceBusyException>(() => workspaces.AttachAsync(s_spec, default));
        await using var otherHint = await workspaces.AttachAsync(s_spec with { Hint = "conversation-2" }, default);
        Assert.NotNull(otherHint);
    }

    [Fact]
    public async Task OnASharedStore_TheLeaseKeepsAnotherNodeOut()
    {
        var store = new InMemoryStateStore { Shared = true };
        var nodeA = Create(store, new WorkspaceOptions { BusyWaitSeconds = 1 });
        var nodeB = Create(store, new WorkspaceOptions { BusyWaitSeconds = 1 });
        await using (var held = (await nodeA.AttachAsync(s_spec, default))!)
        {
            Assert.Contains(store.Keys, k => k.EndsWith(".lease", StringComparison.Ordinal));
            await Assert.ThrowsAsync<WorkspaceBusyException>(() => nodeB.AttachAsync(s_spec, default));
        }
        Assert.DoesNotContain(store.Keys, k => k.EndsWith(".lease", StringComparison.Ordinal));
        await using var after = await nodeB.AttachAsync(s_spec, default);
        Assert.NotNull(after);
    }

    [Fact]
    public async Task AWorkspaceIdlePastItsTtl_StartsNew()
    {
        var store = new InMemoryStateStore();
        var workspaces = Create(store, new WorkspaceOptions { IdleHours = 1 });
        await using (var first = (await workspaces.AttachAsync(s_spec, default))!)
        {
            await using var job = new DirectoryJob();
            await first.SaveAsync(job, default);
        }
        var key = store.Keys.Single();
        store.Touch(key, DateTimeOffset.UtcNow.AddHours(-2));

        await using var second = (await workspaces.AttachAsync(s_spec, default))!;

        Assert.False(second.Reused);
        Assert.DoesNotContain(key, store.Keys);
    }

    [Fact]
    public async Task InAffinityMode_AStoreOutage_GivesAFreshUnsavedWorkspace_InStrictModeItFails()
    {
        var store = new InMemoryStateStore { Failing = true };
        await using (var degraded = (await Create(store).AttachAsync(s_spec, default))!)
        {
            Assert.False(degraded.Reused);
            Assert.Contains(degraded.Notes, n => n.Contains("workspace unavailable", StringComparison.Ordinal));
        }
        await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Create(store, new WorkspaceOptions { Mode = RuntimeSessionMode.Strict }).AttachAsync(s_spec, default));
    }

    [Fact]
    public async Task InStatelessMode_NothingIsAttached() =>
        Assert.Null(await Create(new InMemoryStateStore(), new WorkspaceOptions { Mode = RuntimeSessionMode.Stateless }).AttachAsync(s_spec, default));

    [Fact]
    public async Task TheSweeper_RemovesIdleWorkspaces_AndLeftoverLeases()
    {
        var store = new InMemoryStateStore();
        var workspaces = Create(store, new WorkspaceOptions { IdleHours = 1 });
        await store.PutStateAsync("workspaces/old.tar", (_, _) => Task.CompletedTask, default);
        await store.PutStateAsync("workspaces/fresh.tar", (_, _) => Task.CompletedTask, default);
        await store.PutStateAsync("workspaces/old.lease", (_, _) => Task.CompletedTask, default);
        store.Touch("workspaces/old.tar", DateTimeOffset.UtcNow.AddHours(-2));
        store.Touch("workspaces/old.lease", DateTimeOffset.UtcNow.AddHours(-1));

        var removed = await new WorkspaceSweeper(store, workspaces, TimeProvider.System, new StartedLifetime(), NullLogger<WorkspaceSweeper>.Instance)
            .SweepAsync(default);

        Assert.Equal(2, removed);
        Assert.Equal(["workspaces/fresh.tar"], store.Keys);
    }

    private sealed class StartedLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
