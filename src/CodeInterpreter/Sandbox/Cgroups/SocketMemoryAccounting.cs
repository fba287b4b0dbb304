
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>
/// Whether the kernel charges a job's socket buffers (unread TCP and UDP data) to its memory cgroup. cgroup v2 does,
/// into memory.max, unless the kernel was booted with <c>cgroup.memory=nosocket</c>. cgroup v1 does not: it has a
/// separate <c>memory.kmem.tcp.limit_in_bytes</c> (deprecated, and measured leaky: every socket may force one
/// buffer past that limit, so a 128 MiB job held 1.2 GiB in 10,000 connections with a 32 MiB TCP limit).
/// </summary>
internal static class SocketMemoryAccounting
{
    public static bool IsCharged(string cgroupVersion) => cgroupVersion == "v2" && !IsDisabledBy(ReadKernelCommandLine());

    /// <summary>True when a kernel command line turns socket accounting off (<c>cgroup.memory=…,nosocket,…</c>).</summary>
    public static bool IsDisabledBy(string commandLine) =>
        commandLine.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(option => option.StartsWith("cgroup.memory=", StringComparison.Ordinal))
            .Any(option => option["cgroup.memory=".Length..].Split(',').Contains("nosocket"));

    private static string ReadKernelCommandLine()
    {
        try
        {
            return File.ReadAllText("/proc/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unknown: assume the worst, so loopback inet sockets are taken away rather than left uncharged.
            return "cgroup.memory=nosocket";
        }
    }
}
