using System.Globalization;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// One service instance for the attack suite, with small limits so every attack is over in seconds, two sandbox
/// slots (for the concurrent-job attacks), JWT verification keys, tight rate limits and header timeout. At start it
/// uploads a canary file that every attack's aftermath check downloads again, byte for byte, with the same etag.
/// </summary>
public sealed class HostileFixture : IAsyncLifetime
{
    public const int TimeoutSeconds = 3;
    public const int MaxTimeoutSeconds = 5;
    public const int MemoryMb = 128;
    public const int MaxProcesses = 64;
    public const int OutputLimitKb = 16;
    public const int MaxOutputFiles = 3;
    public const int MaxOutputFileMb = 1;
    public const int MaxUploadMb = 2;
    public const int WorkDirMb = 16;
    public const int TmpMb = 16;
    public const int MaxFileSizeMb = 8;
    public const int WorkDirInodes = 2000;
    public const int Slots = 2;
    /// <summary>Programmatic executions alive at once (CODE_PTC_MAX_EXECUTIONS): each keeps a uid of its own while paused.</summary>
    public const int ProgrammaticExecutions = 2;
    /// <summary>Every sandbox uid of the instance: one per slot and one per programmatic execution (no warm pool).</summary>
    public const int UidSlots = Slots + ProgrammaticExecutions;
    /// <summary>How long a paused program waits for its tool results (CODE_PTC_RESULT_WAIT_SECONDS).</summary>
    public const int ResultWaitSeconds = 3;
    public const int QueueLimit = 4;
    public const int UidBase = 66000;
    public const int ExecPerUserPerMinute = 5;
    public const int AuthFailuresPerMinute = 5;
    public const int HeadersTimeoutSeconds = 3;

    public HostileFixture()
    {
        Jwt = new TestJwt();
        Service = new ServiceProcess(new Dictionary<string, string>
        {
            ["CODE_TIMEOUT_SECONDS"] = Invariant(TimeoutSeconds),
            ["CODE_MAX_TIMEOUT_SECONDS"] = Invariant(MaxTimeoutSeconds),
            ["CODE_MEMORY_MB"] = Invariant(MemoryMb),
            ["CODE_MAX_PROCESSES"] = Invariant(MaxProcesses),
            ["CODE_OUTPUT_LIMIT_KB"] = Invariant(OutputLimitKb),
            ["CODE_MAX_OUTPUT_FILES"] = Invariant(MaxOutputFiles),
            ["CODE_MAX_OUTPUT_FILE_MB"] = Invariant(MaxOutputFileMb),
            ["CODE_MAX_UPLOAD_MB"] = Invariant(MaxUploadMb),
            ["Execution__WorkDirMb"] = Invariant(WorkDirMb),
            ["Execution__TmpMb"] = Invariant(TmpMb),
            ["Execution__MaxFileSizeMb"] = Invariant(MaxFileSizeMb),
            ["Execution__WorkDirInodes"] = Invariant(WorkDirInodes),
            ["CODE_MAX_CONCURRENCY"] = Invariant(Slots),
            ["CODE_QUEUE_LIMIT"] = Invariant(QueueLimit),
            ["CODE_UID_BASE"] = Invariant(UidBase),
            ["CODE_RATE_LIMIT_EXEC_PER_MINUTE"] = Invariant(ExecPerUserPerMinute),
            ["CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE"] = Invariant(AuthFailuresPerMinute),
            // 127.0.0.4 plays a load balancer; every other loopback address is a client that speaks for itself.
            ["CODE_TRUSTED_PROXIES"] = $"127.0.0.1,{TrustedProxy}",
            ["CODE_REQUEST_HEADERS_TIMEOUT_SECONDS"] = Invariant(HeadersTimeoutSeconds),
            ["CODE_JWT_PUBLIC_KEYS"] = Jwt.PublicKeysPem,
            // Every run is a cold sandbox, so "no process of the sandbox uids outlives its run" is exact. The warm
            // pool's idle sandboxes would be live processes of those uids by design.
            ["CODE_WARM_POOL_SIZE"] = "0",
            ["CODE_PTC_MAX_EXECUTIONS"] = Invariant(ProgrammaticExecutions),
            ["CODE_PTC_RESULT_WAIT_SECONDS"] = Invariant(ResultWaitSeconds),
        });
    }

    public const string TrustedProxy = "127.0.0.4";

    public ServiceProcess Service { get; }

    public TestJwt Jwt { get; }

    public HostSockets Sockets { get; } = new();

    public SetuidProbe SuidProbe { get; } = new();

    public Canary Canary { get; private set; } = null!;

    /// <summary>The values hostile programs get for their <c>@@NAME@@</c> placeholders.</summary>
    public IReadOnlyDictionary<string, string> Placeholders => new Dictionary<string, string>
    {
        ["PORT"] = Invariant(Service.Port),
        ["DATA_DIR"] = Service.DataDir,
        ["SERVICE_DIR"] = Path.GetDirectoryName(ServiceBinary.DllPath())!,
        ["CANARY_SESSION"] = Canary.SessionId,
        ["CANARY_ID"] = Canary.FileId,
        ["ABSTRACT_SOCKET"] = Sockets.AbstractName,
        ["UNIX_SOCKET"] = Sockets.FilePath,
        ["HOST_TCP_PORT"] = Invariant(Sockets.TcpPort),
        ["HOST_TCP6_PORT"] = Invariant(Sockets.Tcp6Port),
        ["HOST_UDP_PORT"] = Invariant(Sockets.UdpPort),
        ["SUID_PROBE"] = SuidProbe.Path,
    };

    public async Task InitializeAsync()
    {
        Sockets.Start();
        SuidProbe.Install();
        await Service.StartAsync();
        using var client = Service.CreateClient(Service.Keys[0]);
        Canary = await Canary.UploadAsync(client, RandomNumberGenerator.GetBytes(4096));
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        Sockets.Dispose();
        SuidProbe.Dispose();
        Jwt.Dispose();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileFixture>
{
    public const string Name = "Hostile";
}
