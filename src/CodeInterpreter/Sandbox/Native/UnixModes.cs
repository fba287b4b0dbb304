
namespace CodeInterpreter.Sandbox.Native;

/// <summary>Unix permission helpers; the sandbox only exists on Linux.</summary>
internal static class UnixModes
{
    public const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0711: others may pass through to a known name but not list the directory.</summary>
    public const UnixFileMode TraverseOnly = Rwx | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>0755.</summary>
    public const UnixFileMode ReadableDirectory = TraverseOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0644.</summary>
    public const UnixFileMode ReadableFile =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }
        Directory.CreateDirectory(path, mode);
        // CreateDirectory applies the umask; the mode must be exact.
        File.SetUnixFileMode(path, mode);
    }

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }
        File.SetUnixFileMode(path, mode);
    }

    public static UnixFileMode Get(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }
        return File.GetUnixFileMode(path);
    }

    private static PlatformNotSupportedException NotOnWindows() => new("The sandbox needs Linux.");
}
