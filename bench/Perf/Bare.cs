using System.Diagnostics;

namespace CodeInterpreter.Bench;

/// <summary>The same work without the service: spawn the runtime or binary directly, wait for it.</summary>
internal static class Bare
{
    public static async Task RunAsync(IReadOnlyList<string> argv, string? workDir = null)
    {
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? "/tmp",
        };
        foreach (var arg in argv.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["MPLBACKEND"] = "Agg";
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', argv)} exited {process.ExitCode}: {await stderr}");
        }
        await stdout;
    }
}
