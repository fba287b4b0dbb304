using System.Diagnostics;
using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// A real setuid-root binary that prints its real and effective uid, installed under /usr/local (which the sandbox
/// sees read-only). On the host it runs as root for anyone (<see cref="RunAsUnprivileged"/> proves it), so a
/// sandbox in which it does not is one that really neutralises setuid.
/// </summary>
public sealed class SetuidProbe : IDisposable
{
    private const string Source = """
        #include <stdio.h>
        #include <unistd.h>
        int main(void) { printf("uid=%d euid=%d\n", (int)getuid(), (int)geteuid()); return 0; }
        """;

    private readonly string _dir = "/usr/local/lib/ci-hostile-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string Path => System.IO.Path.Combine(_dir, "suid-probe");

    public void Install()
    {
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED);
        var source = System.IO.Path.Combine(_dir, "probe.c");
        File.WriteAllText(source, Source);
        Run("/usr/bin/gcc", "-o", Path, source);
        // 04755, owned by root (we are root): the classic setuid-root program.
        File.SetUnixFileMode(Path, (UnixFileMode)0x9ED);
    }

    /// <summary>The probe's output when an ordinary host user (uid 65000) runs it outside any sandbox.</summary>
    public string RunAsUnprivileged() => Run("/usr/bin/setpriv", "--reuid=65000", "--regid=65000", "--clear-groups", "--", Path);

    private static string Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} failed: {output}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
