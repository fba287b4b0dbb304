
namespace CodeInterpreter.Sandbox.Native;

/// <summary>Linux signal names; bwrap reports a payload killed by signal n as exit code 128 + n.</summary>
internal static class SignalNames
{
    private static readonly string[] s_names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS",
    ];

    /// <summary>"SIGKILL" for 137 and the like; null for ordinary exit codes.</summary>
    public static string? FromExitCode(int exitCode)
    {
        var signal = exitCode - 128;
        return signal >= 1 && signal < s_names.Length ? s_names[signal] : null;
    }
}
