using CodeInterpreter.Files;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Storage;

public sealed class ExpirySweeperTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SweepOnce_UsesNowMinusTtlAsCutoff()
    {
        var store = new RecordingStore();
        var sweeper = CreateSweeper(store, TimeSpan.FromHours(1));

        await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal([_now - TimeSpan.FromHours(24)], store.Cutoffs);
    }

    [Fact]
    public async Task Start_SweepsOnceRightAway()
    {
        using var harness = new StoreHarness();
        var (sid, fid) = (Ids.New(), Ids.New());
        await harness.PutAsync(sid, fid, "old.csv", [1]);
        harness.Time.Advance(TimeSpan.FromHours(30));
        using var sweeper = CreateSweeper(harness.Store, TimeSpan.FromHours(1), harness.Time);

        await sweeper.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => !Directory.Exists(Path.Combine(harness.Root, sid)), TimeSpan.FromSeconds(10), "the first sweep to remove the old session");
        await sweeper.StopAsync(CancellationToken.None);

        Assert.Null(await harness.Store.GetAsync(sid, fid, CancellationToken.None));
    }

    [Fact]
    public async Task FailingStore_IsLoggedAndRetried_HostSurvives()
    {
        var store = new RecordingStore { Failure = new IOException("disk full") };
        using var sweeper = CreateSweeper(store, TimeSpan.FromMilliseconds(20));

        await sweeper.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => store.Cutoffs.Count >= 3, TimeSpan.FromSeconds(10), "three sweeps despite the failing store");

        Assert.False(sweeper.ExecuteTask!.IsCompleted);
        await sweeper.StopAsync(CancellationToken.None);
        Assert.True(sweeper.ExecuteTask.IsCompletedSuccessfully);
    }

    private static ExpirySweeper CreateSweeper(IFileStore store, TimeSpan interval, TimeProvider? time = null) =>
        new(store, Options.Create(new StorageOptions { Root = "/unused", SweepInterval = interval }),
            time ?? new ManualTimeProvider(_now), NullLogger<ExpirySweeper>.Instance);

    private sealed class RecordingStore : IFileStore
    {
        private readonly List<DateTimeOffset> _cutoffs = [];

        public Exception? Failure { get; init; }

        public IReadOnlyList<DateTimeOffset> Cutoffs
        {
            get
            {
                lock (_cutoffs)
                {
                    return [.. _cutoffs];
                }
            }
        }

        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
        {
            lock (_cutoffs)
            {
                _cutoffs.Add(cutoff);
            }
            return Failure is null ? Task.FromResult(0) : Task.FromException<int>(Failure);
        }

        public Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<StorageStatus> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(StorageStatus.Ok("test"));
    }
}
