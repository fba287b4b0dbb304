namespace CodeInterpreter.Tests.Sandbox.Cgroups;

/// <summary>
/// A temp dir standing in for /sys/fs/cgroup. The kernel creates control files when a cgroup dir is made;
/// here the test creates them up front with <see cref="Cgroup"/>, and code under test may only write them.
/// </summary>
internal sealed class FakeCgroupRoot : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ci-fake-cgroup-").FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Creates a cgroup dir with empty control files (cgroup.procs always).</summary>
    public string Cgroup(string relative, params string[] files)
    {
        var dir = PathOf(relative);
        Directory.CreateDirectory(dir);
        foreach (var file in files.Append("cgroup.procs"))
        {
            File.WriteAllText(Path.Combine(dir, file), "");
        }
        return dir;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every directory and file below the root, with the files' contents, to compare before and after.</summary>
    public List<string> Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => File.Exists(path) ? $"{path}: {File.ReadAllText(path)}" : path + "/")];

    public void Write(string relative, string content) => File.WriteAllText(PathOf(relative), content);

    /// <summary>What rmdir on a real cgroup needs: the kernel drops the control files, a plain dir needs emptying.</summary>
    public void EmptyFiles(string relative)
    {
        foreach (var file in Directory.EnumerateFiles(PathOf(relative)))
        {
            File.Delete(file);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
