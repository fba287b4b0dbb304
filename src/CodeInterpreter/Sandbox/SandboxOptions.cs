
namespace CodeInterpreter.Sandbox;

/// <summary>Host-level sandbox settings, bound from the "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The bubblewrap binary (Debian's, not setuid).</summary>
    public string BwrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// pid 1 of every sandbox (native/sandbox-init.c, built by scripts/install-deps.sh): it runs the command, reaps
    /// orphans and is not dumpable, so the payload cannot read the launch argv from its memory. Must be under /usr,
    /// which every sandbox sees read-only.
    /// </summary>
    public string InitPath { get; set; } = "/usr/local/libexec/code-interpreter/sandbox-init";

    /// <summary>Root-owned directory holding one opaque directory per job; required (the service uses &lt;data dir&gt;/jobs).</summary>
    public string JobsRoot { get; set; } = "";

    /// <summary>First host uid of the pool; job slot n runs as UidBase + n.</summary>
    public int UidBase { get; set; } = 60000;

    /// <summary>How many jobs can run at once (one uid each); the service sets it to its max concurrency.</summary>
    public int UidSlots { get; set; } = Environment.ProcessorCount;

    /// <summary>Where the cgroup file systems are mounted.</summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>Name of the cgroup directory that holds the job cgroups.</summary>
    public string CgroupName { get; set; } = "code-interpreter";

    /// <summary>Load the syscall denylist into every sandbox.</summary>
    public bool SeccompEnabled { get; set; } = true;
}
