using CodeInterpreter.Files;
using CodeInterpreter.Sandbox.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>
/// Lists the regular files of a work dir after a run without following anything the sandbox planted
/// (Judge0 CVE-2024-28185: root following <c>result.txt -&gt; /etc/shadow</c>). The walk goes fd by fd with
/// statx(AT_SYMLINK_NOFOLLOW) and openat(O_NOFOLLOW|O_DIRECTORY); links, FIFOs, sockets and devices are noted
/// and skipped, never opened.
/// </summary>
internal sealed class WorkDirScanner(ScanLimits limits)
{
    private readonly List<WorkFile> _files = [];
    private readonly List<string> _skipped = [];
    private bool _full;

    public static WorkDirScan Scan(string workDir, ScanLimits limits)
    {
        var scanner = new WorkDirScanner(limits);
        using (var root = DirectoryHandle.OpenRoot(workDir))
        {
            scanner.Walk(root, prefix: "", depth: 1);
        }
        return new WorkDirScan(scanner._files, scanner._skipped);
    }

    private void Walk(SafeFileHandle dir, string prefix, int depth)
    {
        foreach (var name in DirectoryHandle.ListNames(dir))
        {
            if (_full)
            {
                return;
            }
            Visit(dir, name, prefix + name, depth);
        }
    }

    private void Visit(SafeFileHandle dir, string name, string path, int depth)
    {
        if (path.Length > limits.MaxPathLength)
        {
            _skipped.Add($"'{Printable(path)}' skipped: path longer than {limits.MaxPathLength} characters");
            return;
        }
        var errno = StatxInfo.TryGet(DirectoryHandle.Fd(dir), name, out var info);
        if (errno != 0)
        {
            _skipped.Add($"'{Printable(path)}' skipped: {Libc.ErrorText(errno)}");
        }
        else if (info.IsRegularFile)
        {
            AddFile(path, info.Size);
        }
        else if (info.IsDirectory)
        {
            VisitDirectory(dir, name, path, depth);
        }
        else
        {
            _skipped.Add($"'{Printable(path)}' skipped: {info.TypeName}, not a regular file");
        }
    }

    private void AddFile(string path, long size)
    {
        if (_files.Count >= limits.MaxFiles)
        {
            _skipped.Add($"stopped after {limits.MaxFiles} files; the rest of the work dir was not listed");
            _full = true;
            return;
        }
        _files.Add(new WorkFile(path, size));
    }

    private void VisitDirectory(SafeFileHandle dir, string name, string path, int depth)
    {
        if (depth >= limits.MaxDepth)
        {
            _skipped.Add($"'{Printable(path)}/' skipped: nested deeper than {limits.MaxDepth} levels");
            return;
        }
        var errno = DirectoryHandle.TryOpenAt(DirectoryHandle.Fd(dir), name, OpenFlags.OpenDirectory, 0, out var child);
        using (child)
        {
            if (errno != 0)
            {
                // Replaced by a link between statx and open: refused by O_NOFOLLOW.
                _skipped.Add($"'{Printable(path)}/' skipped: {Libc.ErrorText(errno)}");
                return;
            }
            Walk(child, path + "/", depth + 1);
        }
    }

    private static string Printable(string path) => FileNames.Printable(path);
}
