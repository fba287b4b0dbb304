using System.Globalization;
using System.Text;
using CodeInterpreter.Sandbox.Launch;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>
/// The argv of one run, as an argument list (never a shell string):
/// <c>sh</c> (join cgroups, open the seccomp fd) → <c>prlimit</c> → <c>setpriv</c> (drop to the job uid) → <c>bwrap</c> → command.
/// </summary>
internal static class BwrapArguments
{
    public const string ShPath = "/bin/sh";
    public const string PrlimitPath = "/usr/bin/prlimit";
    public const string SetprivPath = "/usr/bin/setpriv";
    public const int SandboxUid = 1000;
    public const int SeccompFd = 9;

    public static IReadOnlyList<string> Build(LaunchSpec spec)
    {
        var argv = new List<string>();
        AddLauncher(argv, spec);
        AddRlimits(argv, spec.Limits);
        AddPrivilegeDrop(argv, spec.Uid);
        argv.Add(spec.BwrapPath);
        BwrapNamespaces.Add(argv, spec.SeccompPath is not null);
        BwrapMounts.Add(argv, spec);
        AddIdentityAndEnvironment(argv, spec.Command.Environment);
        argv.Add("--");
        AddCommand(argv, spec.InitPath, spec.Command.Command);
        return argv;
    }

    /// <summary>
    /// Process.Start passes only fds 0-2 and cannot join a cgroup between fork and exec, so a tiny fixed script does
    /// both: the payload is inside its cgroups before it exists (no window to fork-bomb outside the pids limit), and
    /// fd 9 carries the seccomp program to bwrap. Only our own validated paths appear in it; it fails closed.
    /// </summary>
    private static void AddLauncher(List<string> argv, LaunchSpec spec)
    {
        var script = new StringBuilder();
        foreach (var procs in spec.CgroupProcsFiles)
        {
            script.Append(CultureInfo.InvariantCulture, $"echo $$ > {ShellSafePath.Require(procs)} || exit 121; ");
        }
        if (spec.SeccompPath is { } seccomp)
        {
            script.Append(CultureInfo.InvariantCulture, $"exec {SeccompFd}< {ShellSafePath.Require(seccomp)} || exit 122; ");
        }
        script.Append("exec \"$@\"");
        argv.AddRange([ShPath, "-c", script.ToString(), "sh"]);
    }

    private static void AddRlimits(List<string> argv, SandboxLimits limits)
    {
        argv.AddRange(
        [
            PrlimitPath,
            // fd exhaustion of the host's file table.
            Invariant($"--nofile={limits.OpenFiles}"),
            // One huge file (the work dir tmpfs has its own quota; this catches /tmp and the per-file case early).
            Invariant($"--fsize={limits.MaxFileSizeBytes}"),
            // Core dumps of a big process would land in the work dir.
            "--core=0",
            // CPU burn: SIGXCPU at the soft limit (a clear "CPU time limit exceeded"), SIGKILL a second later.
            Invariant($"--cpu={limits.CpuSeconds}:{limits.CpuSeconds + 1}"),
            // Fork bomb, second layer: counted per real uid, which is why each job gets its own host uid.
            Invariant($"--nproc={SandboxLimitsMath.PidsMax(limits)}"),
            "--",
        ]);
    }

    /// <summary>
    /// Never run bwrap as root: root's payload would be host uid 0 in a user namespace, where RLIMIT_NPROC is not
    /// enforced. Drop to the job's pool uid with no groups, no capabilities (not even inheritable or in the
    /// bounding set) and no_new_privs, so no setuid binary can raise them again.
    /// </summary>
    private static void AddPrivilegeDrop(List<string> argv, int uid)
    {
        argv.AddRange(
        [
            SetprivPath,
            Invariant($"--reuid={uid}"),
            Invariant($"--regid={uid}"),
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
        ]);
    }

    private static void AddIdentityAndEnvironment(List<string> argv, IReadOnlyDictionary<string, string> environment)
    {
        argv.AddRange(
        [
            "--chdir", SandboxPaths.WorkDir,
            // An ordinary uid inside; maps to the job's pool uid outside.
            "--uid", Invariant($"{SandboxUid}"), "--gid", Invariant($"{SandboxUid}"),
            // Don't leak the host name.
            "--hostname", "sandbox",
            // Nothing from the launcher's environment reaches the payload.
            "--clearenv",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", "/tmp",
            "--setenv", "LANG", "C.UTF-8",
            "--setenv", "TMPDIR", "/tmp",
        ]);
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0') || value.Contains('\0'))
            {
                throw new ArgumentException($"Invalid environment variable '{name}'.", nameof(environment));
            }
            argv.AddRange(["--setenv", name, value]);
        }
    }

    /// <summary>
    /// The command runs under our own init as pid 1 (bwrap --as-pid-1): bwrap's reaper would be a dumpable fork of
    /// the launcher, whose memory (/proc/1/mem) holds this whole argv — the data dir, the job dir, every limit.
    /// </summary>
    private static void AddCommand(List<string> argv, string init, IReadOnlyList<string> command)
    {
        if (command.Count == 0 || !command[0].StartsWith('/'))
        {
            throw new ArgumentException("The command must start with an absolute path.", nameof(command));
        }
        if (command.Any(a => a.Contains('\0')))
        {
            throw new ArgumentException("Command arguments must not contain NUL.", nameof(command));
        }
        argv.Add(init);
        argv.AddRange(command);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
