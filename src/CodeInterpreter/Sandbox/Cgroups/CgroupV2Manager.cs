
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>
/// cgroup v2: the service moves itself into &lt;own&gt;/&lt;name&gt;/service (v2 forbids processes in a cgroup that
/// hands controllers to its children), enables memory and pids below &lt;own&gt;/&lt;name&gt;, and puts each run in
/// a sibling &lt;own&gt;/&lt;name&gt;/&lt;job&gt;. On systemd hosts the unit needs Delegate=yes.
/// </summary>
internal sealed class CgroupV2Manager : ICgroupManager
{
    public const string ServiceLeaf = "service";
    private readonly ILogger _logger;
    private readonly int _pid;

    public CgroupV2Manager(string root, CgroupMembership membership, string name, ILogger logger, int? pid = null)
    {
        _logger = logger;
        _pid = pid ?? Environment.ProcessId;
        var own = membership.UnifiedPath ?? "/";
        // Already moved (a second Sandbox in this process): our "own" cgroup is the leaf's grandparent.
        var movedSuffix = $"/{name}/{ServiceLeaf}";
        if (own.EndsWith(movedSuffix, StringComparison.Ordinal))
        {
            own = own[..^movedSuffix.Length];
        }
        OwnDir = Path.Join(root, own);
        BaseDir = Path.Join(OwnDir, name);
        LeafDir = Path.Join(BaseDir, ServiceLeaf);
    }

    public string Version => "v2";
    public string OwnDir { get; }
    public string BaseDir { get; }
    public string LeafDir { get; }

    public void Prepare()
    {
        Directory.CreateDirectory(LeafDir);
        var leafProcs = Path.Combine(LeafDir, CgroupFs.Procs);
        if (!IsRealRoot(OwnDir))
        {
            MoveOthers(leafProcs);
        }
        if (!CgroupFs.ReadPids(leafProcs).Contains(_pid))
        {
            CgroupFs.AddProcess(leafProcs, _pid);
        }
        EnableControllers(OwnDir);
        EnableControllers(BaseDir);
    }

    /// <summary>
    /// The host's root cgroup may keep processes; any other cgroup (a delegated service cgroup, or a container's
    /// namespace root holding e.g. tini) must be empty before it can hand controllers down, so everything in it
    /// moves into the leaf with us. The real root is recognisable: it has no cgroup.type.
    /// </summary>
    private static bool IsRealRoot(string dir) => !File.Exists(Path.Combine(dir, "cgroup.type"));

    private void MoveOthers(string leafProcs)
    {
        foreach (var pid in CgroupFs.ReadPids(Path.Combine(OwnDir, CgroupFs.Procs)).Where(p => p != _pid))
        {
            try
            {
                CgroupFs.AddProcess(leafProcs, pid);
            }
            catch (IOException)
            {
                // Exited meanwhile, or a kernel thread that cannot move; enabling controllers will say if it matters.
            }
        }
    }

    public int RecoverLeftovers() => CgroupTeardown.RemoveChildren([BaseDir], keep: ServiceLeaf, _logger);

    public IJobCgroup CreateJob(string jobName, SandboxLimits limits)
    {
        if (jobName == ServiceLeaf)
        {
            throw new ArgumentException("reserved cgroup name", nameof(jobName));
        }
        var job = new CgroupV2Job(Path.Join(BaseDir, jobName), _logger);
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
        // The service itself lives in the leaf until it exits; nothing to remove while we run.
    }

    private static void EnableControllers(string dir)
    {
        var control = Path.Combine(dir, "cgroup.subtree_control");
        var enabled = (CgroupFs.TryRead(control) ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (!enabled.Contains("memory") || !enabled.Contains("pids"))
        {
            // Fails with EBUSY if other processes still share the service's original cgroup (no delegation).
            CgroupFs.Write(control, "+memory +pids");
        }
    }
}
