using System.Diagnostics;
using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>Runs one launch chain to completion under a wall clock, an output cap and the caller's cancellation.</summary>
internal static class SandboxProcess
{
    /// <summary>How long to wait for the pipes to close after the process tree is gone.</summary>
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<SandboxResult> RunAsync(
        IReadOnlyList<string> argv, SandboxLimits limits, IJobCgroup cgroup, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var process = await ProcessLauncher.StartAsync(StartInfo(argv)).ConfigureAwait(false);
        var kill = new KillSwitch(process, cgroup);
        try
        {
            // EOF on stdin: a program waiting for input ends instead of idling until the timeout.
            process.StandardInput.Close();
            var output = new OutputCapture(limits.StdoutBytes, limits.StderrBytes, () => kill.Trigger(KillReason.OutputLimit));
            var pumps = Task.WhenAll(
                output.PumpStdoutAsync(process.StandardOutput.BaseStream),
                output.PumpStderrAsync(process.StandardError.BaseStream));
            using (time.CreateTimer(_ => kill.Trigger(KillReason.Timeout), null, limits.WallTimeout, Timeout.InfiniteTimeSpan))
            using (cancellationToken.Register(() => kill.Trigger(KillReason.Cancelled)))
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            var wallTime = time.GetElapsedTime(started);
            // Always, even after a clean exit: nothing of the job may outlive its run.
            cgroup.KillAll();
            await DrainAsync(process, pumps).ConfigureAwait(false);
            return BuildResult(process.ExitCode, kill.Reason, output, cgroup, wallTime);
        }
        catch
        {
            kill.Trigger(KillReason.Cancelled);
            throw;
        }
    }

    internal static ProcessStartInfo StartInfo(IReadOnlyList<string> argv)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // bwrap's pid 1 inside shows its cwd and environment in /proc/1: give it nothing of ours.
            WorkingDirectory = "/",
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }
        // /proc/1/environ inside the sandbox is this environment: never pass the service's (API keys!).
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        return start;
    }

    internal static async Task DrainAsync(Process process, Task pumps)
    {
        try
        {
            await pumps.WaitAsync(s_drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Someone still holds the pipes: stop reading rather than hang the request.
            process.StandardOutput.Dispose();
            process.StandardError.Dispose();
        }
    }

    internal static SandboxResult BuildResult(
        int exitCode, KillReason reason, OutputCapture output, IJobCgroup cgroup, TimeSpan wallTime) => new()
        {
            ExitCode = exitCode,
            Signal = SignalNames.FromExitCode(exitCode),
            Stdout = output.Stdout,
            Stderr = output.Stderr,
            Output = output.Output,
            TimedOut = reason == KillReason.Timeout,
            Cancelled = reason == KillReason.Cancelled,
            OutOfMemory = cgroup.OomKilled(),
            StdoutTruncated = output.StdoutTruncated,
            StderrTruncated = output.StderrTruncated,
            WallTime = wallTime,
            CpuTime = cgroup.CpuTime(),
            MemoryPeakBytes = cgroup.MemoryPeakBytes(),
        };
}
