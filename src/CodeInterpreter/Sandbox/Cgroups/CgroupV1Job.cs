using System.Globalization;

namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>One run's v1 cgroups: a memory cgroup, a pids cgroup and (when mounted) a cpuacct cgroup.</summary>
internal sealed class CgroupV1Job(string memoryDir, string pidsDir, string? cpuacctDir, ILogger logger) : IJobCgroup
{
    private IEnumerable<string> Dirs => cpuacctDir is null ? [memoryDir, pidsDir] : [memoryDir, pidsDir, cpuacctDir];

    public IReadOnlyList<string> ProcsFiles => [.. Dirs.Select(d => Path.Combine(d, CgroupFs.Procs))];

    public void Create(SandboxLimits limits)
    {
        foreach (var dir in Dirs)
        {
            Directory.CreateDirectory(dir);
        }
        var memory = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        // Memory bomb: the OOM killer fires at the limit. Set RAM first (memsw must stay >= it), then RAM+swap to
        // the same value so the job cannot spill into swap; memsw is absent when swap accounting is off.
        CgroupFs.Write(Path.Combine(memoryDir, "memory.limit_in_bytes"), memory);
        CgroupFs.TryWrite(Path.Combine(memoryDir, "memory.memsw.limit_in_bytes"), memory);
        // Fork bomb: fork() fails with EAGAIN at the cap, whatever the uid's RLIMIT_NPROC says.
        CgroupFs.Write(Path.Combine(pidsDir, "pids.max"), SandboxLimitsMath.PidsMax(limits).ToString(CultureInfo.InvariantCulture));
    }

    public bool KillAll()
    {
        // No cgroup.kill in v1: first forbid new forks so the kill loop cannot be outrun, then kill until empty.
        TryFreezeForks();
        return CgroupFs.KillAll(pidsDir) & CgroupFs.KillAll(memoryDir);
    }

    public bool OomKilled()
    {
        var oomKills = CgroupFs.ReadKeyed(Path.Combine(memoryDir, "memory.oom_control"), "oom_kill");
        // Kernels before 4.13 have no oom_kill counter; hitting the limit is the best signal they give.
        return oomKills is null
            ? CgroupFs.ReadLong(Path.Combine(memoryDir, "memory.failcnt")) > 0
            : oomKills > 0;
    }

    public long? MemoryPeakBytes() => CgroupFs.ReadLong(Path.Combine(memoryDir, "memory.max_usage_in_bytes"));

    public TimeSpan? CpuTime() =>
        cpuacctDir is not null && CgroupFs.ReadLong(Path.Combine(cpuacctDir, "cpuacct.usage")) is { } ns
            ? TimeSpan.FromTicks(ns / 100)
            : null;

    public void Dispose() => CgroupTeardown.Run(this, Dirs, logger);

    private void TryFreezeForks()
    {
        try
        {
            CgroupFs.TryWrite(Path.Combine(pidsDir, "pids.max"), "0");
        }
        catch (IOException)
        {
            // Best effort: the kill loop still converges, it may just need more rounds.
        }
    }
}
