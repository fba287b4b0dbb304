using System.Globalization;

namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>One run's v2 cgroup.</summary>
internal sealed class CgroupV2Job(string dir, ILogger logger) : IJobCgroup
{
    private const int KillWaitRounds = 200;

    public string Dir => dir;

    public IReadOnlyList<string> ProcsFiles => [Path.Combine(dir, CgroupFs.Procs)];

    public void Create(SandboxLimits limits)
    {
        Directory.CreateDirectory(dir);
        // Memory bomb: the OOM killer fires at memory.max; no swap to spill into; oom.group kills the whole job at
        // once so a half-killed job cannot keep running in a broken state.
        CgroupFs.Write(Path.Combine(dir, "memory.max"), limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        CgroupFs.TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
        CgroupFs.TryWrite(Path.Combine(dir, "memory.oom.group"), "1");
        // Fork bomb: fork() fails with EAGAIN at the cap.
        CgroupFs.Write(Path.Combine(dir, "pids.max"), SandboxLimitsMath.PidsMax(limits).ToString(CultureInfo.InvariantCulture));
    }

    public bool KillAll()
    {
        // cgroup.kill (5.14+) kills every process atomically, forks in flight included.
        var procs = Path.Combine(dir, CgroupFs.Procs);
        if (CgroupFs.TryWrite(Path.Combine(dir, "cgroup.kill"), "1"))
        {
            for (var round = 0; round < KillWaitRounds && CgroupFs.ReadPids(procs).Count > 0; round++)
            {
                Thread.Sleep(round < 10 ? 1 : 10);
            }
            return CgroupFs.ReadPids(procs).Count == 0;
        }
        CgroupFs.TryWrite(Path.Combine(dir, "pids.max"), "0");
        return CgroupFs.KillAll(dir);
    }

    public bool OomKilled() => CgroupFs.ReadKeyed(Path.Combine(dir, "memory.events"), "oom_kill") > 0;

    public long? MemoryPeakBytes() => CgroupFs.ReadLong(Path.Combine(dir, "memory.peak"));

    public TimeSpan? CpuTime() =>
        CgroupFs.ReadKeyed(Path.Combine(dir, "cpu.stat"), "usage_usec") is { } us ? TimeSpan.FromMicroseconds(us) : null;

    public void Dispose() => CgroupTeardown.Run(this, [dir], logger);
}
