using System.Collections.Concurrent;

namespace CodeInterpreter.Hosting;

/// <summary>
/// The data dir must be traversable (not listable) by the sandbox uids, because bubblewrap, running as a job's uid,
/// binds that job's directory from below it. Stored files stay private: files/ is 0700. One service instance owns
/// a data dir (its startup recovery removes every job dir it finds): a lock file held for the process's lifetime
/// makes a second instance on the same dir fail at startup instead of deleting the first one's running jobs.
/// </summary>
internal static class DataDirectory
{
    private const UnixFileMode Traverse = UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
    private static readonly ConcurrentDictionary<string, FileStream> s_locks = new(StringComparer.Ordinal);

    public static void Prepare(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | Traverse);
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & Traverse) != Traverse)
        {
            File.SetUnixFileMode(path, mode | Traverse);
        }
        Lock(Path.GetFullPath(path));
    }

    private static void Lock(string path)
    {
        if (s_locks.ContainsKey(path))
        {
            return;
        }
        var file = Path.Combine(path, ".lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux, released when the process exits.
            s_locks.TryAdd(path, new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new IOException($"another service instance is using it ({file} is locked); give each instance its own CODE_DATA_DIR");
        }
    }
}
