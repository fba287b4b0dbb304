using System.Globalization;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// Process.Start relies on O_CLOEXEC and does not close other descriptors in the child, and bwrap passes on
/// whatever it inherits. Descriptors the service itself inherited without close-on-exec (seen here: a pipe to
/// the parent and /dev/null) would otherwise be open inside every sandbox, a channel out of it.
/// </summary>
internal static class InheritedDescriptors
{
    private const int CloseRangeCloexec = 4;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;

    /// <summary>Marks every descriptor above stderr close-on-exec in this process.</summary>
    public static void MarkCloseOnExec()
    {
        try
        {
            // One call on Linux 5.11+ / glibc 2.34+.
            if (Libc.CloseRange(3, uint.MaxValue, CloseRangeCloexec) == 0)
            {
                return;
            }
        }
        catch (EntryPointNotFoundException)
        {
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd) && fd > 2)
            {
                Libc.Fcntl(fd, FSetFd, FdCloexec);
            }
        }
    }
}
