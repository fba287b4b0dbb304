using CodeInterpreter.Sandbox.Bwrap;
using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Launch;
using CodeInterpreter.Sandbox.Native;
using CodeInterpreter.Sandbox.Seccomp;
using CodeInterpreter.Sandbox.WorkDir;

namespace CodeInterpreter.Sandbox;

/// <summary>
/// Startup: checks the host (root, bwrap, helpers), recovers from a crash (kills and removes leftover job
/// cgroups, unmounts and deletes leftover job dirs), then prepares JobsRoot, the cgroup parents and the
/// seccomp file. Never throws: what is missing becomes a problem in the status.
/// </summary>
internal sealed class SandboxPreparation(SandboxOptions options, TimeProvider time, ILogger logger)
{
    public const string SeccompFileName = ".seccomp.bpf";

    private readonly List<string> _problems = [];
    private bool _essentialMissing;

    public SandboxEnvironment Run()
    {
        CheckHost(out var bwrapVersion);
        var isRoot = Libc.GetEuid() == 0;
        // Recovery and preparation run even if something else is missing: leftovers of a crash must go regardless.
        if (isRoot && StrayProcesses.KillAll(options.UidBase, options.UidSlots) is > 0 and var strays)
        {
            SandboxLog.StrayProcessesKilled(logger, strays, options.UidBase, options.UidBase + options.UidSlots - 1);
        }
        var cgroups = isRoot ? PrepareCgroups() : null;
        var jobsRootReady = isRoot && PrepareJobsRoot();
        var seccomp = jobsRootReady ? PrepareSeccomp(cgroups?.Version ?? "none") : null;
        var masks = jobsRootReady ? PrepareMasks() : null;
        var status = new SandboxStatus(
            Available: !_essentialMissing,
            CgroupVersion: cgroups?.Version ?? "none",
            BwrapVersion: bwrapVersion,
            Seccomp: seccomp is not null,
            UidSlots: options.UidSlots,
            Problems: _problems);
        return new SandboxEnvironment(options, status, cgroups, seccomp, masks, time, logger);
    }

    private void CheckHost(out string? bwrapVersion)
    {
        bwrapVersion = null;
        if (Libc.GetEuid() != 0)
        {
            Essential("the service is not running as root (needed for tmpfs mounts, cgroups and per-job uids)");
        }
        foreach (var tool in new[] { BwrapArguments.ShPath, BwrapArguments.PrlimitPath, BwrapArguments.SetprivPath })
        {
            if (!File.Exists(tool))
            {
                Essential($"{tool} is missing");
            }
        }
        if (SandboxInit.Check(options.InitPath) is { } initProblem)
        {
            Essential(initProblem);
        }
        if (Environment.ProcessId == 1)
        {
            // A sandbox's init can outlive the outer bwrap by a moment and is then reparented to the host's init; .NET
            // never reaps processes it did not start, so as PID 1 the zombies pile up (and count against RLIMIT_NPROC).
            _problems.Add("the service runs as PID 1 and will not reap exited sandbox helpers; run it under an init (docker --init, tini)");
        }
        if (!File.Exists(options.BwrapPath))
        {
            Essential($"bubblewrap is not installed at {options.BwrapPath}");
            return;
        }
        bwrapVersion = BwrapVersion.Probe(options.BwrapPath);
        if (bwrapVersion is null)
        {
            Essential($"{options.BwrapPath} --version failed");
        }
    }

    private ICgroupManager? PrepareCgroups()
    {
        try
        {
            var cgroups = CgroupDetector.Detect(options.CgroupRoot, options.CgroupName, logger, out var problem);
            if (cgroups is null)
            {
                Essential(problem!);
                return null;
            }
            cgroups.RecoverLeftovers();
            cgroups.Prepare();
            // Prove that limits can be written before the first request depends on it.
            cgroups.CreateJob($"probe-{Environment.ProcessId}", CgroupProbe.Limits).Dispose();
            return cgroups;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Essential($"cgroups at {options.CgroupRoot} are not usable: {e.Message}");
            return null;
        }
    }

    private bool PrepareJobsRoot()
    {
        try
        {
            if (JobsRoot.Prepare(options.JobsRoot, logger) is { } problem)
            {
                Essential(problem);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Essential($"jobs root {options.JobsRoot} is not usable: {e.Message}");
            return false;
        }
    }

    private string? PrepareSeccomp(string cgroupVersion)
    {
        if (!options.SeccompEnabled)
        {
            _problems.Add("seccomp is disabled by configuration");
            return null;
        }
        var path = Path.Combine(options.JobsRoot, SeccompFileName);
        try
        {
            var denyInetSockets = !SocketMemoryAccounting.IsCharged(cgroupVersion);
            if (denyInetSockets)
            {
                SandboxLog.InetSocketsDenied(logger, cgroupVersion);
            }
            var skipped = SeccompFilter.WriteTo(path, denyInetSockets);
            if (skipped.Count > 0)
            {
                SandboxLog.SeccompSkipped(logger, string.Join(", ", skipped));
            }
            return path;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or IOException)
        {
            // Fail closed: seccomp was asked for, so running without it is not an option.
            Essential($"seccomp filter could not be generated (libseccomp.so.2): {e.Message}");
            return null;
        }
    }

    private SandboxMasks? PrepareMasks()
    {
        try
        {
            return ProcMasks.Create(options.JobsRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fail closed: without the masks /proc/1/cmdline would show the launch argv.
            Essential($"the /proc mask file and directory could not be created in {options.JobsRoot}: {e.Message}");
            return null;
        }
    }

    private void Essential(string problem)
    {
        _problems.Add(problem);
        _essentialMissing = true;
    }
}
