
namespace CodeInterpreter.Sandbox.Native;

/// <summary>The statx(2) fields we use; the struct has the same layout on every architecture.</summary>
internal readonly record struct StatxInfo(uint Mode, uint Uid, long Size, uint DevMajor, uint DevMinor)
{
    private const uint TypeMask = 0xF000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;
    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public string TypeName => (Mode & TypeMask) switch
    {
        0x8000 => "regular file",
        0x4000 => "directory",
        0xA000 => "symbolic link",
        0x1000 => "FIFO",
        0xC000 => "socket",
        0x2000 => "character device",
        0x6000 => "block device",
        _ => "unknown file type",
    };

    /// <summary>statx relative to <paramref name="dirFd"/>; never follows a final symlink. Returns errno on failure.</summary>
    public static unsafe int TryGet(int dirFd, string path, out StatxInfo info)
    {
        var flags = Libc.AtSymlinkNoFollow | (path.Length == 0 ? Libc.AtEmptyPath : 0);
        var buffer = stackalloc byte[Libc.StatxBufferSize];
        info = default;
        if (Libc.Statx(dirFd, path, flags, Libc.StatxBasicStats, buffer) != 0)
        {
            return Libc.LastError;
        }
        info = new StatxInfo(
            Mode: *(ushort*)(buffer + 28),
            Uid: *(uint*)(buffer + 20),
            Size: *(long*)(buffer + 40),
            DevMajor: *(uint*)(buffer + 136),
            DevMinor: *(uint*)(buffer + 140));
        return 0;
    }

    /// <summary>fstat of an open descriptor.</summary>
    public static int TryGetFd(int fd, out StatxInfo info) => TryGet(fd, "", out info);
}
