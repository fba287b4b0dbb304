using System.Diagnostics;

namespace CodeInterpreter.Sandbox.Bwrap;

/// <summary>Runs <c>bwrap --version</c> ("bubblewrap 0.8.0") for the status report.</summary>
internal static class BwrapVersion
{
    public static string? Probe(string bwrapPath)
    {
        try
        {
            var start = new ProcessStartInfo(bwrapPath, "--version")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                WorkingDirectory = "/",
            };
            start.Environment.Clear();
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            var text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(5000) || process.ExitCode != 0)
            {
                return null;
            }
            return Parse(text);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    public static string? Parse(string output)
    {
        var words = output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 ? words[^1] : null;
    }
}
