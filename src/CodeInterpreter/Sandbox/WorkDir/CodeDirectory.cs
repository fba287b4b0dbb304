using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>
/// The code dir is written by the service only (the sandbox sees it read-only), so it is safe to walk. Its files
/// must be readable by the job uid whatever the service's umask: 0644 (0755 if executable), dirs 0755.
/// </summary>
internal static class CodeDirectory
{
    public static void MakeReadable(string codeDir)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFileSystemEntries(codeDir, "*", options))
        {
            var mode = UnixModes.Get(path);
            var executable = Directory.Exists(path) || (mode & UnixFileMode.UserExecute) != 0;
            UnixModes.Set(path, executable ? UnixModes.ReadableDirectory : UnixModes.ReadableFile);
        }
    }
}
