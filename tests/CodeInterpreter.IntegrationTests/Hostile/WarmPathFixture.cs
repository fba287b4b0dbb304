using System.Globalization;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The instance for the attacks on the warm path: one warm Python sandbox and one run at a time, so the sandbox uids
/// are exactly two (the run's and the idle warm sandbox's) and, between runs, the only processes of those uids are
/// the idle sandbox's tree. Small limits keep every attack short. A canary uploaded at start must outlive them all.
/// </summary>
public sealed class WarmPathFixture : IAsyncLifetime
{
    private bool _started;

    public const int PoolSize = 1;
    public const int Concurrency = 1;
    /// <summary>The service's uid slots: one per concurrent run plus one per warm sandbox.</summary>
    public const int Slots = Concurrency + PoolSize;
    public const int UidBase = 66500;
    public const int TimeoutSeconds = 3;
    public const int MaxTimeoutSeconds = 5;
    public const int MemoryMb = 128;
    /// <summary>Added to a warm sandbox's memory limit for the preloaded libraries (pinned, the tests rely on it).</summary>
    public const int PreloadMemoryMb = 64;
    public const int MaxProcesses = 64;
    public const int OutputLimitKb = 16;

    public WarmPathFixture() => Service = new ServiceProcess(new Dictionary<string, string>
    {
        ["CODE_WARM_POOL_SIZE"] = Invariant(PoolSize),
        ["CODE_MAX_CONCURRENCY"] = Invariant(Concurrency),
        ["CODE_UID_BASE"] = Invariant(UidBase),
        // No programmatic executions: the uid pool stays exactly Slots wide, as the checks of this range assume.
        ["CODE_PTC_MAX_EXECUTIONS"] = "0",
        ["CODE_TIMEOUT_SECONDS"] = Invariant(TimeoutSeconds),
        ["CODE_MAX_TIMEOUT_SECONDS"] = Invariant(MaxTimeoutSeconds),
        ["CODE_MEMORY_MB"] = Invariant(MemoryMb),
        ["WarmPool__PreloadMemoryMb"] = Invariant(PreloadMemoryMb),
        ["CODE_MAX_PROCESSES"] = Invariant(MaxProcesses),
        ["CODE_OUTPUT_LIMIT_KB"] = Invariant(OutputLimitKb),
    });

    public ServiceProcess Service { get; }

    public Canary Canary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Processes already on these uids would pass for an attack's survivors: say where they come from instead.
        var stale = HostProcess.LiveOfUids(UidBase, Slots);
        Assert.True(stale.Count == 0, $"processes of the sandbox uids {UidBase}..{UidBase + Slots - 1} exist before the instance "
            + $"started (left by an earlier instance that was killed?):\n{HostProcess.Header}\n{string.Join('\n', stale)}");
        await Service.StartAsync();
        _started = true;
        using var client = Service.CreateClient(Service.Keys[0]);
        Canary = await Canary.UploadAsync(client, RandomNumberGenerator.GetBytes(4096));
    }

    /// <summary>
    /// Stops the service with SIGTERM, as docker or systemd would, so that it tears its warm sandbox down itself, and
    /// checks that nothing of its uids is left. A kill instead (what <see cref="ServiceProcess"/> does) can catch a
    /// refill while bwrap is still setting up, and that sandbox then outlives the service (see docs/threat-model.md).
    /// </summary>
    public async Task DisposeAsync()
    {
        try
        {
            if (!_started)
            {
                return;
            }
            await Service.SignalAsync("TERM");
            Assert.Equal(0, await Service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            var left = HostProcess.LiveOfUids(UidBase, Slots);
            Assert.True(left.Count == 0, $"the stopped service left processes of its sandbox uids:\n{HostProcess.Header}\n{string.Join('\n', left)}");
        }
        finally
        {
            await Service.DisposeAsync();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class WarmPathCollection : ICollectionFixture<WarmPathFixture>
{
    public const string Name = "WarmPath";
}
