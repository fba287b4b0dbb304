using System.Runtime.InteropServices;

namespace CodeInterpreter.Sandbox.Native;

/// <summary>open(2) flags; O_DIRECTORY and O_NOFOLLOW differ between x86-64 and the Arm ABIs.</summary>
internal static class OpenFlags
{
    private static readonly bool s_arm =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoCtty = 0x100;
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;

    public static int Directory => s_arm ? 0x4000 : 0x10000;
    public static int NoFollow => s_arm ? 0x8000 : 0x20000;

    /// <summary>Read a file the sandbox may have planted: no links, no blocking on FIFOs, no controlling tty.</summary>
    public static int ReadUntrusted => ReadOnly | NoFollow | NonBlock | CloseOnExec | NoCtty;

    public static int OpenDirectory => ReadOnly | Directory | NoFollow | CloseOnExec;
}
