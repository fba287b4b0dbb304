using System.Globalization;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>bwrap's namespace, session and seccomp flags.</summary>
internal static class BwrapNamespaces
{
    public static void Add(List<string> argv, bool seccomp)
    {
        argv.AddRange(
        [
            // New pid, net, ipc, uts and cgroup namespaces: no other processes to see or signal, no network
            // (only a downed lo: "Network is unreachable"), no shared SysV IPC, no host name, no cgroup paths.
            "--unshare-all",
            // The user namespace is required (not "try"): --uid and --disable-userns depend on it.
            "--unshare-user",
            // No nested user namespaces: they would hand the payload capabilities over new mount/net namespaces.
            "--disable-userns",
            // If the service dies, the sandbox dies with it (and the pid namespace takes every descendant down).
            "--die-with-parent",
            // setsid: the payload cannot push keystrokes into a controlling terminal (TIOCSTI).
            "--new-session",
            // No bwrap reaper inside: the command given is pid 1, and it is our sandbox-init (see BwrapArguments).
            "--as-pid-1",
        ]);
        if (seccomp)
        {
            // The syscall denylist, read from the fd the launcher script opened.
            argv.AddRange(["--seccomp", BwrapArguments.SeccompFd.ToString(CultureInfo.InvariantCulture)]);
        }
    }
}
