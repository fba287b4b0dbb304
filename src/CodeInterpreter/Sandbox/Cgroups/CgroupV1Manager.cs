
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>
/// cgroup v1 (separate hierarchies per controller): memory cgroups nest under the service's own memory cgroup,
/// so the service's limit also bounds its jobs; pids (and cpuacct, when mounted) at &lt;root&gt;/pids/&lt;name&gt;.
/// </summary>
internal sealed class CgroupV1Manager : ICgroupManager
{
    private readonly ILogger _logger;

    public CgroupV1Manager(string root, CgroupMembership membership, string name, ILogger logger)
    {
        _logger = logger;
        MemoryBase = Path.Join(MountOf(root, membership, "memory"), membership.PathOf("memory") ?? "/", name);
        PidsBase = Path.Join(MountOf(root, membership, "pids"), name);
        var cpuacctMount = MountOf(root, membership, "cpuacct");
        CpuacctBase = Directory.Exists(cpuacctMount) ? Path.Join(cpuacctMount, name) : null;
    }

    public string Version => "v1";
    public string MemoryBase { get; }
    public string PidsBase { get; }
    public string? CpuacctBase { get; }

    private IEnumerable<string> Bases => CpuacctBase is null ? [MemoryBase, PidsBase] : [MemoryBase, PidsBase, CpuacctBase];

    public void Prepare()
    {
        foreach (var dir in Bases)
        {
            Directory.CreateDirectory(dir);
            if (!File.Exists(Path.Combine(dir, CgroupFs.Procs)))
            {
                throw new IOException($"{dir} is not a cgroup directory (no {CgroupFs.Procs}).");
            }
        }
    }

    public int RecoverLeftovers() => CgroupTeardown.RemoveChildren(Bases, keep: null, _logger);

    public IJobCgroup CreateJob(string jobName, SandboxLimits limits)
    {
        var job = new CgroupV1Job(
            Path.Join(MemoryBase, jobName),
            Path.Join(PidsBase, jobName),
            CpuacctBase is null ? null : Path.Join(CpuacctBase, jobName),
            _logger);
        try
        {
            job.Create(limits);
            return job;
        }
        catch
        {
            job.Dispose();
            throw;
        }
    }

    public void TryRemoveParents()
    {
        foreach (var dir in Bases)
        {
            CgroupFs.TryRemove(dir);
        }
    }

    /// <summary>The mount of a controller: &lt;root&gt;/memory, or the co-mounted name such as &lt;root&gt;/cpu,cpuacct.</summary>
    internal static string MountOf(string root, CgroupMembership membership, string controller)
    {
        var single = Path.Join(root, controller);
        var comounted = membership.ComountedWith(controller);
        if (Directory.Exists(single) || comounted is null)
        {
            return single;
        }
        return Path.Join(root, string.Join(',', comounted));
    }
}
