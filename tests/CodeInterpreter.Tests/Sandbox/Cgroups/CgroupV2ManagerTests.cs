using CodeInterpreter.Sandbox.Cgroups;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeInterpreter.Tests.Sandbox.Cgroups;

public sealed class CgroupV2ManagerTests : IDisposable
{
    private const int Pid = 4242;
    private const string Own = "system.slice/ci.service";
    private readonly FakeCgroupRoot _fs = new();

    public void Dispose() => _fs.Dispose();

    private CgroupV2Manager Manager(string unified = "/" + Own) =>
        new(_fs.Root, CgroupMembership.Parse($"0::{unified}\n"), "ci", NullLogger.Instance, Pid);

    [Fact]
    public void Paths_JobsAndServiceLeafLiveUnderOwnCgroup()
    {
        var manager = Manager();

        Assert.Equal("v2", manager.Version);
        Assert.Equal(_fs.PathOf(Own), manager.OwnDir);
        Assert.Equal(_fs.PathOf($"{Own}/ci"), manager.BaseDir);
        Assert.Equal(_fs.PathOf($"{Own}/ci/service"), manager.LeafDir);
    }

    [Fact]
    public void Paths_AfterTheMove_StillResolveToTheOriginalCgroup()
    {
        var manager = Manager($"/{Own}/ci/service");

        Assert.Equal(_fs.PathOf($"{Own}/ci"), manager.BaseDir);
    }

    [Fact]
    public void Paths_AtTheNamespaceRoot()
    {
        Assert.Equal(_fs.PathOf("ci/service"), Manager("/").LeafDir);
    }

    [Fact]
    public void Prepare_MovesServiceIntoLeafThenEnablesControllers()
    {
        PrepareTree();

        Manager().Prepare();

        Assert.Equal("4242\n", _fs.Read($"{Own}/ci/service/cgroup.procs"));
        Assert.Equal("+memory +pids", _fs.Read($"{Own}/cgroup.subtree_control"));
        Assert.Equal("+memory +pids", _fs.Read($"{Own}/ci/cgroup.subtree_control"));
    }

    [Fact]
    public void Prepare_InADelegatedCgroup_MovesEveryProcessOfIt()
    {
        PrepareTree();
        _fs.Write($"{Own}/cgroup.type", "domain\n");
        _fs.Write($"{Own}/cgroup.procs", "99\n4242\n");

        Manager().Prepare();

        Assert.Equal("99\n4242\n", _fs.Read($"{Own}/ci/service/cgroup.procs"));
    }

    [Fact]
    public void Prepare_AtTheHostRoot_MovesOnlyItself()
    {
        PrepareTree();
        _fs.Write($"{Own}/cgroup.procs", "1\n99\n4242\n");

        Manager().Prepare();

        Assert.Equal("4242\n", _fs.Read($"{Own}/ci/service/cgroup.procs"));
    }

    [Fact]
    public void Prepare_LeavesControllersThatAreAlreadyEnabled()
    {
        PrepareTree();
        _fs.Write($"{Own}/cgroup.subtree_control", "cpu memory pids\n");
        _fs.Write($"{Own}/ci/service/cgroup.procs", "4242\n");

        Manager().Prepare();

        Assert.Equal("cpu memory pids\n", _fs.Read($"{Own}/cgroup.subtree_control"));
        Assert.Equal("4242\n", _fs.Read($"{Own}/ci/service/cgroup.procs"));
    }

    [Fact]
    public void CreateJob_WritesLimits()
    {
        var job = CreateJob();

        Assert.Equal("268435456", _fs.Read($"{Own}/ci/j-1/memory.max"));
        Assert.Equal("0", _fs.Read($"{Own}/ci/j-1/memory.swap.max"));
        Assert.Equal("1", _fs.Read($"{Own}/ci/j-1/memory.oom.group"));
        Assert.Equal("66", _fs.Read($"{Own}/ci/j-1/pids.max"));
        Assert.Equal([_fs.PathOf($"{Own}/ci/j-1/cgroup.procs")], job.ProcsFiles);
    }

    [Fact]
    public void CreateJob_RefusesTheServiceLeafName()
    {
        Assert.Throws<ArgumentException>(() => Manager().CreateJob("service", TestLimits.Default));
    }

    [Fact]
    public void CreateJob_FailsClosedWithoutTheMemoryController()
    {
        PrepareTree();
        _fs.Cgroup($"{Own}/ci/j-1", "pids.max");

        Assert.Throws<FileNotFoundException>(() => Manager().CreateJob("j-1", TestLimits.Default));
    }

    [Fact]
    public void Accounting_ReadsEventsPeakAndCpuStat()
    {
        var job = CreateJob();
        _fs.Write($"{Own}/ci/j-1/memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 1\n");
        _fs.Write($"{Own}/ci/j-1/memory.peak", "7654321\n");
        _fs.Write($"{Own}/ci/j-1/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");

        Assert.True(job.OomKilled());
        Assert.Equal(7654321, job.MemoryPeakBytes());
        Assert.Equal(TimeSpan.FromSeconds(1.5), job.CpuTime());
    }

    [Fact]
    public void Accounting_NoOomAndNoPeakFileOnOlderKernels()
    {
        var job = CreateJob();
        _fs.Write($"{Own}/ci/j-1/memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        File.Delete(_fs.PathOf($"{Own}/ci/j-1/memory.peak"));

        Assert.False(job.OomKilled());
        Assert.Null(job.MemoryPeakBytes());
    }

    [Fact]
    public void KillAll_UsesCgroupKill()
    {
        var job = CreateJob();

        Assert.True(job.KillAll());
        Assert.Equal("1", _fs.Read($"{Own}/ci/j-1/cgroup.kill"));
    }

    [Fact]
    public void KillAll_WithoutCgroupKill_ForbidsForks()
    {
        var job = CreateJob();
        File.Delete(_fs.PathOf($"{Own}/ci/j-1/cgroup.kill"));

        Assert.True(job.KillAll());
        Assert.Equal("0", _fs.Read($"{Own}/ci/j-1/pids.max"));
    }

    [Fact]
    public void Dispose_RemovesTheJobCgroup()
    {
        var job = CreateJob();
        _fs.EmptyFiles($"{Own}/ci/j-1");

        job.Dispose();

        Assert.False(Directory.Exists(_fs.PathOf($"{Own}/ci/j-1")));
    }

    [Fact]
    public void RecoverLeftovers_KeepsTheServiceLeaf()
    {
        PrepareTree();
        Directory.CreateDirectory(_fs.PathOf($"{Own}/ci/old-1"));
        Directory.CreateDirectory(_fs.PathOf($"{Own}/ci/old-2"));

        Assert.Equal(2, Manager().RecoverLeftovers());
        Assert.Equal([_fs.PathOf($"{Own}/ci/service")], Directory.EnumerateDirectories(_fs.PathOf($"{Own}/ci")));
    }

    private void PrepareTree()
    {
        _fs.Cgroup(Own, "cgroup.subtree_control");
        _fs.Cgroup($"{Own}/ci", "cgroup.subtree_control");
        _fs.Cgroup($"{Own}/ci/service");
    }

    private IJobCgroup CreateJob()
    {
        PrepareTree();
        _fs.Cgroup($"{Own}/ci/j-1",
            "memory.max", "memory.swap.max", "memory.oom.group", "pids.max", "cgroup.kill", "memory.events", "memory.peak", "cpu.stat");
        var manager = Manager();
        manager.Prepare();
        return manager.CreateJob("j-1", TestLimits.Default);
    }
}
