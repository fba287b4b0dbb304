using System.Diagnostics;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// The startup check of the sandbox's pid 1 (native/sandbox-init.c): installed, root's alone, and working. It runs in
/// every sandbox, so a copy others could write would be a way into every later job.
/// </summary>
internal static class SandboxInit
{
    private const uint ModeGroupOrOtherWrite = 0x12;
    private const uint ModeOwnerExecute = 0x40;
    private const int ProbeExitCode = 7;

    /// <summary>Null when the init at <paramref name="path"/> is usable, otherwise the problem to report.</summary>
    public static string? Check(string path)
    {
        var fix = $"run scripts/install-deps.sh as root (it builds native/sandbox-init.c into {path})";
        if (StatxInfo.TryGet(Libc.AtFdCwd, path, out var info) != 0)
        {
            return $"the sandbox init is not installed at {path}: {fix}";
        }
        if (!info.IsRegularFile || info.Uid != 0 || (info.Mode & ModeGroupOrOtherWrite) != 0 || (info.Mode & ModeOwnerExecute) == 0)
        {
            return $"the sandbox init at {path} must be a root-owned executable file that only root can write: {fix}";
        }
        return Probe(path) ? null : $"the sandbox init at {path} does not pass on its command's exit code: {fix}";
    }

    /// <summary>Runs <c>init /bin/sh -c "exit 7"</c> on the host and expects 7: the binary runs here and waits properly.</summary>
    private static bool Probe(string path)
    {
        try
        {
            var start = new ProcessStartInfo(path) { UseShellExecute = false, WorkingDirectory = "/" };
            start.ArgumentList.Add("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"exit {ProbeExitCode}");
            start.Environment.Clear();
            using var process = Process.Start(start);
            if (process is null || !process.WaitForExit(5000))
            {
                process?.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == ProbeExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return false;
        }
    }
}
