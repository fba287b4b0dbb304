using CodeInterpreter.Sandbox.Cgroups;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeInterpreter.Tests.Sandbox.Cgroups;

public sealed class CgroupV1ManagerTests : IDisposable
{
    private const string ProcSelf = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/d87\n2:cpuacct:/\n1:cpu:/\n0::/\n";
    private readonly FakeCgroupRoot _fs = new();

    public CgroupV1ManagerTests()
    {
        Directory.CreateDirectory(_fs.PathOf("memory"));
        Directory.CreateDirectory(_fs.PathOf("pids"));
        Directory.CreateDirectory(_fs.PathOf("cpuacct"));
    }

    public void Dispose() => _fs.Dispose();

    private CgroupV1Manager Manager(string procSelf = ProcSelf) =>
        new(_fs.Root, CgroupMembership.Parse(procSelf), "ci", NullLogger.Instance);

    [Fact]
    public void Paths_MemoryNestsUnderOwnMemcg_PidsAndCpuacctAtRoot()
    {
        var manager = Manager();

        Assert.Equal("v1", manager.Version);
        Assert.Equal(_fs.PathOf("memory/process_api/d87/ci"), manager.MemoryBase);
        Assert.Equal(_fs.PathOf("pids/ci"), manager.PidsBase);
        Assert.Equal(_fs.PathOf("cpuacct/ci"), manager.CpuacctBase);
    }

    [Fact]
    public void Paths_FindComountedCpuacct()
    {
        Directory.Delete(_fs.PathOf("cpuacct"));
        Directory.CreateDirectory(_fs.PathOf("cpu,cpuacct"));

        var manager = Manager("8:pids:/\n4:memory:/\n2:cpu,cpuacct:/\n");

        Assert.Equal(_fs.PathOf("memory/ci"), manager.MemoryBase);
        Assert.Equal(_fs.PathOf("cpu,cpuacct/ci"), manager.CpuacctBase);
    }

    [Fact]
    public void Paths_WithoutCpuacct_JoinMemoryAndPidsOnly()
    {
        Directory.Delete(_fs.PathOf("cpuacct"));
        var manager = Manager("8:pids:/\n4:memory:/svc\n");
        PrepareBases(withCpuacct: false);

        var job = manager.CreateJob("j-1", TestLimits.Default);
        Assert.Null(manager.CpuacctBase);
        Assert.Equal([_fs.PathOf("memory/svc/ci/j-1/cgroup.procs"), _fs.PathOf("pids/ci/j-1/cgroup.procs")], job.ProcsFiles);
        Assert.Null(job.CpuTime());
    }

    [Fact]
    public void Prepare_RefusesDirectoriesThatAreNotCgroups()
    {
        Assert.Throws<IOException>(() => Manager().Prepare());
    }

    [Theory]
    [InlineData("memory/process_api/d87/ci")]
    [InlineData("pids/ci")]
    [InlineData("cpuacct/ci")]
    public void Prepare_RefusesEachBaseThatIsNotACgroup(string plainDirectory)
    {
        PrepareBases();
        File.Delete(_fs.PathOf($"{plainDirectory}/cgroup.procs"));

        var refused = Assert.Throws<IOException>(() => Manager().Prepare());

        Assert.Contains(_fs.PathOf(plainDirectory), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_AcceptsCgroupBases_AndChangesNothingInThem()
    {
        PrepareBases();
        var before = _fs.Snapshot();

        Manager().Prepare();

        Assert.Equal(before, _fs.Snapshot());
    }

    [Fact]
    public void CreateJob_WritesMemoryAndSwapLimitsAndPidsMax()
    {
        var job = CreateJob(withMemsw: true);

        Assert.Equal("268435456", _fs.Read("memory/process_api/d87/ci/j-1/memory.limit_in_bytes"));
        Assert.Equal("268435456", _fs.Read("memory/process_api/d87/ci/j-1/memory.memsw.limit_in_bytes"));
        Assert.Equal("66", _fs.Read("pids/ci/j-1/pids.max"));
        Assert.Equal(
            [
                _fs.PathOf("memory/process_api/d87/ci/j-1/cgroup.procs"),
                _fs.PathOf("pids/ci/j-1/cgroup.procs"),
                _fs.PathOf("cpuacct/ci/j-1/cgroup.procs"),
            ],
            job.ProcsFiles);
    }

    [Fact]
    public void CreateJob_ToleratesMissingMemsw()
    {
        CreateJob(withMemsw: false);

        Assert.False(File.Exists(_fs.PathOf("memory/process_api/d87/ci/j-1/memory.memsw.limit_in_bytes")));
        Assert.Equal("268435456", _fs.Read("memory/process_api/d87/ci/j-1/memory.limit_in_bytes"));
    }

    [Fact]
    public void CreateJob_FailsClosedWhenTheMemoryLimitCannotBeWritten()
    {
        PrepareBases();
        _fs.Cgroup("pids/ci/j-1", "pids.max");
        Directory.CreateDirectory(_fs.PathOf("memory/process_api/d87/ci/j-1"));

        Assert.Throws<FileNotFoundException>(() => Manager().CreateJob("j-1", TestLimits.Default));
    }

    [Theory]
    [InlineData("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n", "0", true)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", "7", false)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\n", "3", true)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\n", "0", false)]
    public void OomKilled_ReadsOomKillCounterWithFailcntFallback(string oomControl, string failcnt, bool expected)
    {
        var job = CreateJob(withMemsw: false);
        _fs.Write("memory/process_api/d87/ci/j-1/memory.oom_control", oomControl);
        _fs.Write("memory/process_api/d87/ci/j-1/memory.failcnt", failcnt);

        Assert.Equal(expected, job.OomKilled());
    }

    [Fact]
    public void Accounting_ReadsPeakAndCpuacct()
    {
        var job = CreateJob(withMemsw: false);
        _fs.Write("memory/process_api/d87/ci/j-1/memory.max_usage_in_bytes", "12345\n");
        _fs.Write("cpuacct/ci/j-1/cpuacct.usage", "2500000000\n");

        Assert.Equal(12345, job.MemoryPeakBytes());
        Assert.Equal(TimeSpan.FromSeconds(2.5), job.CpuTime());
    }

    [Fact]
    public void KillAll_ForbidsForksFirst()
    {
        var job = CreateJob(withMemsw: false);

        Assert.True(job.KillAll());
        Assert.Equal("0", _fs.Read("pids/ci/j-1/pids.max"));
    }

    [Fact]
    public void Dispose_RemovesTheJobCgroups()
    {
        var job = CreateJob(withMemsw: false);
        foreach (var dir in new[] { "memory/process_api/d87/ci/j-1", "pids/ci/j-1", "cpuacct/ci/j-1" })
        {
            _fs.EmptyFiles(dir);
        }

        job.Dispose();

        Assert.False(Directory.Exists(_fs.PathOf("memory/process_api/d87/ci/j-1")));
        Assert.False(Directory.Exists(_fs.PathOf("pids/ci/j-1")));
        Assert.False(Directory.Exists(_fs.PathOf("cpuacct/ci/j-1")));
    }

    [Fact]
    public void Dispose_NeverThrowsWhenRemovalFails()
    {
        var job = CreateJob(withMemsw: false);

        job.Dispose();

        Assert.True(Directory.Exists(_fs.PathOf("pids/ci/j-1")));
    }

    [Fact]
    public void RecoverLeftovers_RemovesEveryJobCgroup()
    {
        PrepareBases();
        Directory.CreateDirectory(_fs.PathOf("memory/process_api/d87/ci/old-1"));
        Directory.CreateDirectory(_fs.PathOf("pids/ci/old-1"));
        Directory.CreateDirectory(_fs.PathOf("cpuacct/ci/old-1"));

        Assert.Equal(3, Manager().RecoverLeftovers());
        Assert.Empty(Directory.EnumerateDirectories(_fs.PathOf("pids/ci")));
    }

    private void PrepareBases(bool withCpuacct = true)
    {
        _fs.Cgroup("memory/process_api/d87/ci");
        _fs.Cgroup("pids/ci");
        if (withCpuacct)
        {
            _fs.Cgroup("cpuacct/ci");
        }
        else
        {
            _fs.Cgroup("memory/svc/ci");
            _fs.Cgroup("memory/svc/ci/j-1", "memory.limit_in_bytes");
            _fs.Cgroup("pids/ci/j-1", "pids.max");
        }
    }

    private IJobCgroup CreateJob(bool withMemsw)
    {
        PrepareBases();
        var memoryFiles = new List<string> { "memory.limit_in_bytes", "memory.oom_control", "memory.failcnt", "memory.max_usage_in_bytes" };
        if (withMemsw)
        {
            memoryFiles.Add("memory.memsw.limit_in_bytes");
        }
        _fs.Cgroup("memory/process_api/d87/ci/j-1", [.. memoryFiles]);
        _fs.Cgroup("pids/ci/j-1", "pids.max");
        _fs.Cgroup("cpuacct/ci/j-1", "cpuacct.usage");
        var manager = Manager();
        manager.Prepare();
        return manager.CreateJob("j-1", TestLimits.Default);
    }
}
