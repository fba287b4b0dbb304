using System.Globalization;
using CodeInterpreter.Sandbox.Launch;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>
/// The sandbox's file system: an empty root with read-only system files, private /proc, /dev, /tmp and
/// /dev/shm, the job's work dir at /mnt/data and its code read-only at /code. Nothing else of the host exists.
/// </summary>
internal static class BwrapMounts
{
    /// <summary>Debian is merged-usr: /bin, /lib, /lib64 and /sbin are links into the one read-only /usr.</summary>
    private static readonly string[] s_usrLinks = ["lib", "lib64", "bin", "sbin"];

    /// <summary>
    /// /etc entries runtimes need when present: CA certificates, fontconfig, the JVM, R, PHP, D (ldc2), Debian's
    /// matplotlib (it refuses to import without /etc/matplotlibrc) and the time zone (R warns without it).
    /// Everything else in /etc (passwd, hosts, the service's own config) stays hidden.
    /// </summary>
    private static readonly string[] s_optionalEtc =
    [
        "/etc/ssl", "/etc/fonts", "/etc/java-17-openjdk", "/etc/R", "/etc/php", "/etc/ldc2.conf",
        "/etc/matplotlibrc", "/etc/localtime",
    ];

    public static void Add(List<string> argv, LaunchSpec spec)
    {
        // Read-only: the payload cannot plant binaries or libraries for the next job.
        argv.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var link in s_usrLinks)
        {
            argv.AddRange(["--symlink", $"usr/{link}", $"/{link}"]);
        }
        // alternatives: the java/javac/cc links; ld.so.cache: the dynamic loader's library index.
        argv.AddRange(["--ro-bind", "/etc/alternatives", "/etc/alternatives"]);
        argv.AddRange(["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        foreach (var path in s_optionalEtc)
        {
            argv.AddRange(["--ro-bind-try", path, path]);
        }
        // A /proc of the new pid namespace only, and a minimal /dev (null, zero, random, tty...; no disks).
        argv.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        if (spec.Masks is { } masks)
        {
            foreach (var path in masks.Files)
            {
                argv.AddRange(["--ro-bind", RequireAbsolute(masks.EmptyFile), RequireAbsolute(path)]);
            }
            foreach (var path in masks.Directories)
            {
                argv.AddRange(["--ro-bind", RequireAbsolute(masks.EmptyDirectory), RequireAbsolute(path)]);
            }
            // No pseudo-terminals (/dev/ptmx links here): every devpts instance but the host's draws on one budget
            // (kernel.pty.max - pty.reserve, 3072 by default), which one job could use up for every container on the host.
            argv.AddRange(["--ro-bind", RequireAbsolute(masks.EmptyFile), "/dev/pts/ptmx"]);
        }
        // Disk fill: private, size-capped tmpfs for scratch space (its pages are charged to the job's memory cgroup).
        argv.AddRange(["--size", Bytes(spec.Limits.TmpBytes), "--tmpfs", "/tmp"]);
        argv.AddRange(["--size", Bytes(spec.Limits.TmpBytes), "--tmpfs", "/dev/shm"]);
        // The job's own tmpfs (quota, nosuid, nodev, mounted by the service): the only place outputs survive.
        argv.AddRange(["--bind", spec.WorkDir, SandboxPaths.WorkDir]);
        // Code written by the service, read-only so the payload cannot rewrite a later compile/run step's input.
        argv.AddRange(["--ro-bind", spec.CodeDir, SandboxPaths.Code]);
        foreach (var bind in spec.Command.ReadOnlyBinds)
        {
            // Missing optional files (a cache not built yet) are skipped rather than failing the run.
            argv.AddRange(["--ro-bind-try", RequireAbsolute(bind.HostPath), RequireAbsolute(bind.SandboxPath)]);
        }
        if (spec.ChannelDir is { } channel)
        {
            // The job's socket to the service (programmatic tool calling), outside /mnt/data so it is never an output;
            // read-only: connect() works, nothing can be created, renamed or removed there.
            argv.AddRange(["--ro-bind", RequireAbsolute(channel), SandboxPaths.Channel]);
        }
        // Last: the root tmpfs (mount points, /etc links) becomes read-only, so nothing can be planted in /, /etc
        // or a new /var/tmp; only /tmp, /dev/shm and /mnt/data are writable.
        argv.AddRange(["--remount-ro", "/"]);
    }

    private static string Bytes(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string RequireAbsolute(string path)
    {
        var segments = path.Split('/');
        if (path.Length < 2 || path[0] != '/' || path.Contains('\0')
            || segments.Skip(1).Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"Bind paths must be absolute and normalized: '{path}'.", nameof(path));
        }
        return path;
    }
}
