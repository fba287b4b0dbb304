using System.Globalization;
using CodeInterpreter.Sandbox.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>openat(2) from a directory fd with O_NOFOLLOW, so a path is resolved one checked component at a time.</summary>
internal static class DirectoryHandle
{
    public static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    /// <summary>Opens a directory the service itself created (the root of a walk).</summary>
    public static SafeFileHandle OpenRoot(string path) =>
        OpenAt(Libc.AtFdCwd, path, OpenFlags.OpenDirectory, 0, path);

    /// <summary>Opens a child directory; a symlink fails with ELOOP/ENOTDIR instead of being followed.</summary>
    public static SafeFileHandle OpenChild(SafeFileHandle parent, string name, string displayPath) =>
        OpenAt(Fd(parent), name, OpenFlags.OpenDirectory, 0, displayPath);

    public static SafeFileHandle OpenAt(int dirFd, string name, int flags, uint mode, string displayPath)
    {
        var errno = TryOpenAt(dirFd, name, flags, mode, out var handle);
        return errno == 0 ? handle : throw Error(errno, displayPath);
    }

    public static int TryOpenAt(int dirFd, string name, int flags, uint mode, out SafeFileHandle handle)
    {
        int fd;
        do
        {
            fd = Libc.OpenAt(dirFd, name, flags, mode);
        }
        while (fd < 0 && Libc.LastError == Libc.EINTR);
        if (fd < 0)
        {
            handle = new SafeFileHandle();
            return Libc.LastError;
        }
        handle = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    /// <summary>/proc/self/fd/N: lists exactly the directory the fd refers to, wherever it has been moved.</summary>
    public static List<string> ListNames(SafeFileHandle dir)
    {
        var path = "/proc/self/fd/" + Fd(dir).ToString(CultureInfo.InvariantCulture);
        var names = Directory.EnumerateFileSystemEntries(path).Select(e => e[(path.Length + 1)..]).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public static IOException Error(int errno, string path) => errno switch
    {
        Libc.ENOENT => new FileNotFoundException($"'{path}' does not exist.", path),
        Libc.ELOOP or Libc.ENOTDIR => new IOException($"'{path}' is or passes through a symbolic link or non-directory; refused."),
        _ => new IOException($"'{path}': {Libc.ErrorText(errno)}"),
    };
}
