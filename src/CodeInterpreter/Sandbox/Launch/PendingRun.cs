using System.Diagnostics;
using System.Runtime.InteropServices;
using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// A launch chain started ahead of its code (a warm sandbox): output is captured from the start, but the wall clock,
/// the caller's cancellation and stdin wait for <see cref="ReleaseAsync"/>. Disposing an unreleased run kills it.
/// </summary>
internal sealed partial class PendingRun : IPendingRun
{
    private readonly Process _process;
    private readonly IJobCgroup _cgroup;
    private readonly KillSwitch _kill;
    private readonly OutputCapture _output;
    private readonly Task _pumps;
    private readonly TimeProvider _time;
    private readonly Action _finished;
    private int _released;
    private int _disposed;

    private PendingRun(Process process, IJobCgroup cgroup, SandboxLimits limits, TimeProvider time, Action finished)
    {
        _process = process;
        _cgroup = cgroup;
        _time = time;
        _finished = finished;
        _kill = new KillSwitch(process, cgroup);
        _output = new OutputCapture(limits.StdoutBytes, limits.StderrBytes, () => _kill.Trigger(KillReason.OutputLimit));
        _pumps = Task.WhenAll(
            _output.PumpStdoutAsync(process.StandardOutput.BaseStream),
            _output.PumpStderrAsync(process.StandardError.BaseStream));
    }

    public bool HasExited => _process.HasExited;

    public bool IsReady => !_process.HasExited && JobPids().Any(IsStopped);

    public static async Task<PendingRun> StartAsync(IReadOnlyList<string> argv, SandboxLimits limits, IJobCgroup cgroup, TimeProvider time, Action finished)
    {
        var process = await ProcessLauncher.StartAsync(SandboxProcess.StartInfo(argv)).ConfigureAwait(false);
        return new PendingRun(process, cgroup, limits, time, finished);
    }

    public async Task<SandboxResult> ReleaseAsync(ReadOnlyMemory<byte> stdin, TimeSpan wallTimeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            throw new InvalidOperationException("A pending run is released once.");
        }
        var started = _time.GetTimestamp();
        // The warm-up ran at the lowest priority; the program runs at the normal one. A runner stopped itself when
        // ready: continue it (SIGCONT to the job's processes, which only a stopped one notices).
        RestorePriority();
        foreach (var pid in JobPids())
        {
            _ = Libc.Kill(pid, SigCont);
        }
        using (_time.CreateTimer(_ => _kill.Trigger(KillReason.Timeout), null, wallTimeout, Timeout.InfiniteTimeSpan))
        using (cancellationToken.Register(() => _kill.Trigger(KillReason.Cancelled)))
        {
            try
            {
                await _process.StandardInput.BaseStream.WriteAsync(stdin, CancellationToken.None).ConfigureAwait(false);
                // EOF: the runner reads its request to the end; the program then finds stdin empty, as in a cold run.
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The runner died before it read (its stderr says why); the exit status reports it.
            }
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var wallTime = _time.GetElapsedTime(started);
        _cgroup.KillAll();
        await SandboxProcess.DrainAsync(_process, _pumps).ConfigureAwait(false);
        return SandboxProcess.BuildResult(_process.ExitCode, _kill.Reason, _output, _cgroup, wallTime);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _kill.Trigger(KillReason.Cancelled);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            _cgroup.KillAll();
            await SandboxProcess.DrainAsync(_process, _pumps).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _process.Dispose();
            _cgroup.Dispose();
            _finished();
        }
    }

    /// <summary>setpriority(0) on every thread of the job (v1 <c>tasks</c>, v2 <c>cgroup.threads</c>).</summary>
    private void RestorePriority()
    {
        foreach (var procs in _cgroup.ProcsFiles)
        {
            var dir = Path.GetDirectoryName(procs)!;
            foreach (var threads in new[] { Path.Combine(dir, "tasks"), Path.Combine(dir, "cgroup.threads") })
            {
                foreach (var tid in CgroupFs.ReadPids(threads))
                {
                    _ = SetPriority(PrioProcess, tid, 0);
                }
            }
        }
    }

    private const int PrioProcess = 0;
    private const int SigCont = 18;

    private IEnumerable<int> JobPids() => _cgroup.ProcsFiles.Take(1).SelectMany(CgroupFs.ReadPids);

    /// <summary>State 'T' in /proc/pid/stat (the field after the command name in parentheses).</summary>
    private static bool IsStopped(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] == 'T';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
