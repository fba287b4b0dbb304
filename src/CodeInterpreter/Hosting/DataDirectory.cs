namespace CodeInterpreter.Hosting;

/// <summary>
/// The data dir must be traversable (not listable) by the sandbox uids, because bubblewrap, running as a job's uid,
/// binds that job's directory from below it. Stored files stay private: files/ is 0700.
/// </summary>
internal static class DataDirectory
{
    private const UnixFileMode Traverse = UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;

    public static void Prepare(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | Traverse);
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & Traverse) != Traverse)
        {
            File.SetUnixFileMode(path, mode | Traverse);
        }
    }
}
