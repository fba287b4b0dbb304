using System.Globalization;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The instance for the attacks on what requests share: admission slots and sandbox uids (abandoned compiles), the
/// host RAM that holds input files, and the store's disk. Two slots and no warm pool, so the sandbox uids hold only
/// what requests run; an 8 s compile timeout, so a compile that never ends ends soon; tiny input caps, input budget
/// and per-user storage quota, so each is reached with a few MiB. A canary uploaded at start must outlive them all.
/// </summary>
public sealed class BudgetFixture : IAsyncLifetime
{
    public const int Slots = 2;
    public const int QueueLimit = 4;
    public const int UidBase = 66700;
    public const int CompileTimeoutSeconds = 8;
    public const int TimeoutSeconds = 5;
    public const int MaxTimeoutSeconds = 10;
    public const int MemoryMb = 128;
    public const int WorkDirMb = 16;
    public const int MaxUploadMb = 8;
    public const int MaxOutputFileMb = 4;
    public const int MaxInputFiles = 3;
    public const int MaxInputMb = 3;
    public const int InputBudgetMb = 4;
    public const int PerUserQuotaMb = 4;

    public BudgetFixture() => Service = new ServiceProcess(Environment());

    /// <summary>The instance's settings; a test that needs a second instance changes a copy.</summary>
    public static Dictionary<string, string> Environment() => new()
    {
        ["CODE_MAX_CONCURRENCY"] = Invariant(Slots),
        ["CODE_QUEUE_LIMIT"] = Invariant(QueueLimit),
        ["CODE_WARM_POOL_SIZE"] = "0",
        ["CODE_UID_BASE"] = Invariant(UidBase),
        // No programmatic executions: the uid pool stays exactly Slots wide, as the checks of this range assume.
        ["CODE_PTC_MAX_EXECUTIONS"] = "0",
        ["CODE_COMPILE_TIMEOUT_SECONDS"] = Invariant(CompileTimeoutSeconds),
        ["CODE_TIMEOUT_SECONDS"] = Invariant(TimeoutSeconds),
        ["CODE_MAX_TIMEOUT_SECONDS"] = Invariant(MaxTimeoutSeconds),
        ["CODE_MEMORY_MB"] = Invariant(MemoryMb),
        ["Execution__WorkDirMb"] = Invariant(WorkDirMb),
        ["CODE_MAX_UPLOAD_MB"] = Invariant(MaxUploadMb),
        ["CODE_MAX_OUTPUT_FILE_MB"] = Invariant(MaxOutputFileMb),
        ["CODE_MAX_INPUT_FILES"] = Invariant(MaxInputFiles),
        ["CODE_MAX_INPUT_MB"] = Invariant(MaxInputMb),
        ["CODE_INPUT_BUDGET_MB"] = Invariant(InputBudgetMb),
        ["CODE_STORAGE_QUOTA_PER_USER_MB"] = Invariant(PerUserQuotaMb),
    };

    public ServiceProcess Service { get; }

    public Canary Canary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var stale = HostProcess.LiveOfUids(UidBase, Slots);
        Assert.True(stale.Count == 0, $"processes of the sandbox uids {UidBase}..{UidBase + Slots - 1} exist before the instance "
            + $"started:\n{HostProcess.Header}\n{string.Join('\n', stale)}");
        await Service.StartAsync();
        using var client = Service.CreateClient(Service.Keys[0]);
        Canary = await Canary.UploadAsync(client, RandomNumberGenerator.GetBytes(4096));
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class BudgetCollection : ICollectionFixture<BudgetFixture>
{
    public const string Name = "Budgets";
}
