using System.Runtime.InteropServices;

namespace CodeInterpreter.Sandbox.Seccomp;

/// <summary>libseccomp 2.x entry points (the non-variadic ones only).</summary>
internal static unsafe partial class SeccompNative
{
    private const string Lib = "libseccomp.so.2";

    public const uint ActAllow = 0x7fff0000;
    public const uint ActKillProcess = 0x80000000;
    public const int AttrActBadArch = 2;
    public const int NrError = -1;

    public static uint ActErrno(int errno) => 0x00050000u | ((uint)errno & 0xffff);

    public enum CompareOp
    {
        Equal = 4,
        MaskedEqual = 7,
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ArgCompare
    {
        public uint Arg;
        public CompareOp Op;
        public ulong DatumA;
        public ulong DatumB;
    }

    [LibraryImport(Lib, EntryPoint = "seccomp_init")]
    public static partial nint Init(uint defaultAction);

    [LibraryImport(Lib, EntryPoint = "seccomp_release")]
    public static partial void Release(nint ctx);

    [LibraryImport(Lib, EntryPoint = "seccomp_attr_set")]
    public static partial int AttrSet(nint ctx, int attr, uint value);

    [LibraryImport(Lib, EntryPoint = "seccomp_syscall_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ResolveName(string name);

    [LibraryImport(Lib, EntryPoint = "seccomp_rule_add_array")]
    public static partial int RuleAddArray(nint ctx, uint action, int syscall, uint argCount, ArgCompare* args);

    [LibraryImport(Lib, EntryPoint = "seccomp_export_bpf")]
    public static partial int ExportBpf(nint ctx, int fd);
}
