using CodeInterpreter.Files;
using CodeInterpreter.Sandbox.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeInterpreter.Sandbox.WorkDir;

/// <summary>Opens and writes single work-dir files as root without ever following a link the sandbox planted.</summary>
internal sealed class WorkDirFiles(string workDir, int uid)
{
    private const uint FileMode0644 = 0x1A4;
    private const uint DirMode0755 = 0x1ED;

    /// <summary>Opens a regular file for reading; every component is opened with O_NOFOLLOW from the work-dir fd.</summary>
    public Stream Open(string relativePath)
    {
        var segments = Split(relativePath);
        var dir = DirectoryHandle.OpenRoot(workDir);
        try
        {
            foreach (var segment in segments[..^1])
            {
                var child = DirectoryHandle.OpenChild(dir, segment, relativePath);
                dir.Dispose();
                dir = child;
            }
            return OpenRegularFile(dir, segments[^1], relativePath);
        }
        finally
        {
            dir.Dispose();
        }
    }

    /// <summary>
    /// Creates (or replaces) a file owned by the job uid, creating parent dirs. A name that already exists is
    /// unlinked and created again with O_EXCL|O_NOFOLLOW, so a planted link is replaced, never written through.
    /// </summary>
    public async Task WriteAsync(string relativePath, Stream content, CancellationToken cancellationToken)
    {
        if (FileNames.Validate(relativePath) is { } problem)
        {
            throw new ArgumentException(problem, nameof(relativePath));
        }
        var segments = relativePath.Split('/');
        var dir = DirectoryHandle.OpenRoot(workDir);
        try
        {
            foreach (var segment in segments[..^1])
            {
                var child = OpenOrCreateDirectory(dir, segment, relativePath);
                dir.Dispose();
                dir = child;
            }
            await using var file = new FileStream(CreateFile(dir, segments[^1], relativePath), FileAccess.Write, bufferSize: 0);
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            dir.Dispose();
        }
    }

    private static FileStream OpenRegularFile(SafeFileHandle dir, string name, string displayPath)
    {
        // O_NONBLOCK: a FIFO planted under an output's name cannot hang the service on open.
        var handle = DirectoryHandle.OpenAt(DirectoryHandle.Fd(dir), name, OpenFlags.ReadUntrusted, 0, displayPath);
        if (StatxInfo.TryGetFd(DirectoryHandle.Fd(handle), out var info) != 0 || !info.IsRegularFile)
        {
            handle.Dispose();
            throw new IOException($"'{displayPath}' is a {info.TypeName}, not a regular file; refused.");
        }
        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    private SafeFileHandle OpenOrCreateDirectory(SafeFileHandle parent, string name, string displayPath)
    {
        var created = Libc.MkdirAt(DirectoryHandle.Fd(parent), name, DirMode0755) == 0;
        if (!created && Libc.LastError != Libc.EEXIST)
        {
            throw DirectoryHandle.Error(Libc.LastError, displayPath);
        }
        var child = DirectoryHandle.OpenChild(parent, name, displayPath);
        if (created)
        {
            Own(child, DirMode0755, displayPath);
        }
        return child;
    }

    private SafeFileHandle CreateFile(SafeFileHandle dir, string name, string displayPath)
    {
        const int flags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.CloseOnExec;
        var fd = DirectoryHandle.Fd(dir);
        var errno = DirectoryHandle.TryOpenAt(fd, name, flags | OpenFlags.NoFollow, FileMode0644, out var handle);
        if (errno == Libc.EEXIST)
        {
            if (Libc.UnlinkAt(fd, name, 0) != 0)
            {
                throw DirectoryHandle.Error(Libc.LastError, displayPath);
            }
            handle = DirectoryHandle.OpenAt(fd, name, flags | OpenFlags.NoFollow, FileMode0644, displayPath);
        }
        else if (errno != 0)
        {
            throw DirectoryHandle.Error(errno, displayPath);
        }
        Own(handle, FileMode0644, displayPath);
        return handle;
    }

    /// <summary>fchown/fchmod on the open fd: no path lookup, so nothing can be swapped in between.</summary>
    private void Own(SafeFileHandle handle, uint mode, string displayPath)
    {
        var fd = DirectoryHandle.Fd(handle);
        if (Libc.FChown(fd, (uint)uid, (uint)uid) != 0 || Libc.FChmod(fd, mode) != 0)
        {
            var errno = Libc.LastError;
            handle.Dispose();
            throw DirectoryHandle.Error(errno, displayPath);
        }
    }

    private static string[] Split(string relativePath)
    {
        var segments = relativePath.Split('/');
        if (relativePath.Length == 0 || relativePath.Contains('\0') || segments.Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{relativePath}' is not a relative path inside the work dir.", nameof(relativePath));
        }
        return segments;
    }
}
