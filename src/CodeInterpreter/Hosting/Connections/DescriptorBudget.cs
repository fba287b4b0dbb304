namespace CodeInterpreter.Hosting.Connections;

/// <summary>
/// How the process's file descriptors are shared: a fixed part for the runtime, a part for each run that may be
/// going on (running or warm), and the rest for connections, each of which may hold up to
/// <see cref="PerConnection"/> descriptors. When <c>CODE_MAX_CONNECTIONS</c> is 0 the connection limit is what
/// fits, so a flood of connections is refused long before a pipe for a run (or the runtime itself) lacks one.
/// </summary>
internal sealed record DescriptorBudget(long Limit, long HardLimit, int Runs, int MaxConnections, int RefusalSlots, bool Derived)
{
    /// <summary>The runtime, its loaded assemblies, the listening sockets, logs, the store: about 260 measured idle.</summary>
    public const int Base = 512;

    /// <summary>Pipes to the launch chain, cgroup and work-dir handles, files copied in and out: a run uses fewer than 20.</summary>
    public const int PerRun = 32;

    /// <summary>The socket, a file being uploaded or downloaded, and a connection to the S3 store behind it.</summary>
    public const int PerConnection = 3;

    /// <summary>A derived limit never goes above this, however many descriptors the host allows (memory is the next bound).</summary>
    public const int DerivedCeiling = 10_000;

    /// <summary>A derived limit never goes below this: a host that allows fewer is warned about instead.</summary>
    public const int DerivedFloor = 16;

    /// <summary>Descriptors kept for the runtime and the runs.</summary>
    public long Reserved => Base + (long)PerRun * Runs;

    /// <summary>What the connections may use at most: admitted ones and those being refused.</summary>
    public long ForConnections => (long)PerConnection * (MaxConnections + RefusalSlots);

    /// <summary>The descriptor limit is too low for the connection limit plus the runs.</summary>
    public bool IsLow => Reserved + ForConnections > Limit;

    /// <summary>Kestrel's own hard limit: the admitted connections plus those being answered 503.</summary>
    public int KestrelLimit => MaxConnections + RefusalSlots;

    public static DescriptorBudget Compute(long limit, long hardLimit, int runs, int configuredMaxConnections)
    {
        var derived = configuredMaxConnections <= 0;
        var fits = (limit - Base - (long)PerRun * runs) / PerConnection;
        var max = derived ? (int)Math.Clamp(fits * 8 / 9, DerivedFloor, DerivedCeiling) : configuredMaxConnections;
        return new DescriptorBudget(limit, hardLimit, runs, max, RefusalSlotsFor(max), derived);
    }

    /// <summary>Connections being answered 503 at once; more are closed without an answer.</summary>
    private static int RefusalSlotsFor(int maxConnections) => Math.Clamp(maxConnections / 8, 2, 64);
}
