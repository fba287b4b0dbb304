
namespace CodeInterpreter.Sandbox;

/// <summary>Resource limits for one sandboxed process tree.</summary>
public sealed record SandboxLimits
{
    public required TimeSpan WallTimeout { get; init; }
    public required long MemoryBytes { get; init; }
    public required int MaxProcesses { get; init; }
    public required long MaxFileSizeBytes { get; init; }
    public required long TmpBytes { get; init; }
    public required long WorkDirBytes { get; init; }
    public required int WorkDirInodes { get; init; }
    public required int StdoutBytes { get; init; }
    public required int StderrBytes { get; init; }
    public required int CpuSeconds { get; init; }
    public int OpenFiles { get; init; } = 1024;
}

/// <summary>What to run inside a job's sandbox.</summary>
/// <param name="Command">argv inside the sandbox; the first element is an absolute path.</param>
/// <param name="Environment">variables set inside the sandbox besides PATH, HOME, LANG.</param>
public sealed record SandboxCommand(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Extra read-only binds (a host file or dir to a sandbox path), e.g. a prebuilt font cache.</summary>
    public IReadOnlyList<ReadOnlyBind> ReadOnlyBinds { get; init; } = [];
}

/// <summary>A host path bound read-only into the sandbox.</summary>
public sealed record ReadOnlyBind(string HostPath, string SandboxPath);

/// <summary>How a sandboxed run ended.</summary>
public sealed record SandboxResult
{
    public required int? ExitCode { get; init; }
    /// <summary>Signal name (e.g. "SIGKILL") when the payload died of a signal, else null.</summary>
    public string? Signal { get; init; }
    public required byte[] Stdout { get; init; }
    public required byte[] Stderr { get; init; }
    /// <summary>stdout and stderr interleaved in arrival order (capped like each stream).</summary>
    public required byte[] Output { get; init; }
    public bool TimedOut { get; init; }
    public bool OutOfMemory { get; init; }
    public bool StdoutTruncated { get; init; }
    public bool StderrTruncated { get; init; }
    public bool Cancelled { get; init; }
    public TimeSpan WallTime { get; init; }
    public TimeSpan? CpuTime { get; init; }
    public long? MemoryPeakBytes { get; init; }

    /// <summary>Exit code 0 with no limit hit and no kill: the only run whose outputs are kept (or whose artifact is).</summary>
    public bool Succeeded => this is { ExitCode: 0, TimedOut: false, OutOfMemory: false, Cancelled: false, StdoutTruncated: false, StderrTruncated: false };
}

/// <summary>A regular file found in a job's work dir after a run.</summary>
public sealed record WorkFile(string RelativePath, long Size);

/// <summary>The result of walking a work dir without following links.</summary>
/// <param name="Files">the regular files, with paths relative to the work dir.</param>
/// <param name="Skipped">human-readable notes on entries that were not taken (links, FIFOs, too deep, ...).</param>
public sealed record WorkDirScan(IReadOnlyList<WorkFile> Files, IReadOnlyList<string> Skipped);

/// <summary>Caps for <see cref="ISandboxJob.ScanWorkDir"/>.</summary>
public sealed record ScanLimits(int MaxFiles, int MaxDepth, int MaxPathLength);

/// <summary>Creates sandbox jobs: one uid slot, one tmpfs work dir, one cgroup per job.</summary>
public interface ISandbox
{
    /// <summary>Allocates a uid slot and mounts a fresh tmpfs work dir sized by <paramref name="limits"/>.</summary>
    Task<ISandboxJob> CreateJobAsync(SandboxLimits limits, CancellationToken cancellationToken);

    /// <summary>What the sandbox can do on this host (for /health and startup checks).</summary>
    SandboxStatus Status { get; }
}

/// <summary>One job: the caller writes inputs, runs once (or a few times), reads outputs, then disposes.</summary>
public interface ISandboxJob : IAsyncDisposable
{
    /// <summary>Host path of the tmpfs mounted as /mnt/data inside (opaque, random name).</summary>
    string WorkDir { get; }

    /// <summary>Host path of a root-owned directory bound read-only at <see cref="SandboxPaths.Code"/> inside.</summary>
    string CodeDir { get; }

    /// <summary>Writes a file into the work dir (creating parent dirs), owned by the job's uid; never follows links.</summary>
    Task WriteWorkFileAsync(string relativePath, Stream content, CancellationToken cancellationToken);

    /// <summary>Runs a command in the sandbox; kills the whole tree on timeout, output cap or cancellation.</summary>
    Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a command now (a warm sandbox) whose wall clock, cancellation and stdin wait for
    /// <see cref="IPendingRun.ReleaseAsync"/>. Like <see cref="RunAsync"/>, one at a time per job.
    /// </summary>
    Task<IPendingRun> StartAsync(SandboxCommand command, CancellationToken cancellationToken);

    /// <summary>Walks the work dir without following links; only regular files are listed.</summary>
    WorkDirScan ScanWorkDir(ScanLimits limits);

    /// <summary>Opens a work-dir file for reading, refusing links and non-regular files at every component.</summary>
    Stream OpenWorkFile(string relativePath);

    /// <summary>
    /// Opens the job's channel to the service (a Unix socket only this job can reach); every later run sees it at
    /// <see cref="SandboxPaths.Channel"/>. At most once per job.
    /// </summary>
    Channels.ISandboxChannel OpenChannel(Channels.ChannelLimits limits) => throw new NotSupportedException();

    /// <summary>Starts a command whose run can be frozen and thawed (see <see cref="ILiveRun"/>); one run at a time, as ever.</summary>
    Task<ILiveRun> StartLiveAsync(SandboxCommand command, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A started run waiting for its input; disposing it unreleased kills it.</summary>
public interface IPendingRun : IAsyncDisposable
{
    /// <summary>Whether the process already ended (a warm-up that died).</summary>
    bool HasExited { get; }

    /// <summary>Whether the runner has finished warming up: it stops itself (SIGSTOP) when ready; release continues it.</summary>
    bool IsReady { get; }

    /// <summary>Writes <paramref name="stdin"/> and closes it, starts the wall clock, and waits for the run to end.</summary>
    Task<SandboxResult> ReleaseAsync(ReadOnlyMemory<byte> stdin, TimeSpan wallTimeout, CancellationToken cancellationToken);
}

/// <summary>Fixed paths inside the sandbox.</summary>
public static class SandboxPaths
{
    public const string WorkDir = "/mnt/data";
    public const string Code = "/code";

    /// <summary>Where a job's channel to the service is bound (read-only, outside /mnt/data: never an output).</summary>
    public const string Channel = "/run/codeapi";

    /// <summary>The channel's socket inside the sandbox.</summary>
    public const string ChannelSocket = Channel + "/sock";
}

/// <summary>Health of the sandbox on this host.</summary>
public sealed record SandboxStatus(
    bool Available,
    string CgroupVersion,
    string? BwrapVersion,
    bool Seccomp,
    int UidSlots,
    IReadOnlyList<string> Problems);
