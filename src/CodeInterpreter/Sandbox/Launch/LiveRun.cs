using System.Diagnostics;
using CodeInterpreter.Sandbox.Cgroups;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// A run that may be frozen while it waits for the service and thawed again, any number of times: output is captured
/// throughout, the wall clock counts only while it is not frozen, and the output cap, the clock and
/// <see cref="Kill"/> end the whole tree as in a plain run.
/// </summary>
internal sealed class LiveRun : ILiveRun
{
    private readonly Process _process;
    private readonly IJobCgroup _cgroup;
    private readonly KillSwitch _kill;
    private readonly OutputCapture _output;
    private readonly RunClock _clock;
    private readonly Action _finished;
    private readonly Lock _lock = new();
    private int _disposed;
    private bool _frozen;

    private LiveRun(Process process, IJobCgroup cgroup, SandboxLimits limits, TimeProvider time, Action finished)
    {
        _process = process;
        _cgroup = cgroup;
        _finished = finished;
        _kill = new KillSwitch(process, cgroup);
        _output = new OutputCapture(limits.StdoutBytes, limits.StderrBytes, () => _kill.Trigger(KillReason.OutputLimit));
        _clock = new RunClock(time, limits.WallTimeout, () => _kill.Trigger(KillReason.Timeout));
        // EOF on stdin: a program waiting for input ends instead of idling until the timeout.
        process.StandardInput.Close();
        var pumps = Task.WhenAll(
            _output.PumpStdoutAsync(process.StandardOutput.BaseStream),
            _output.PumpStderrAsync(process.StandardError.BaseStream));
        _clock.Resume();
        Completion = CompleteAsync(pumps);
    }

    public Task<SandboxResult> Completion { get; }

    public TimeSpan Used => _clock.Used;

    public static async Task<LiveRun> StartAsync(IReadOnlyList<string> argv, SandboxLimits limits, IJobCgroup cgroup, TimeProvider time, Action finished)
    {
        var process = await ProcessLauncher.StartAsync(SandboxProcess.StartInfo(argv)).ConfigureAwait(false);
        return new LiveRun(process, cgroup, limits, time, finished);
    }

    public void Pause()
    {
        lock (_lock)
        {
            if (_frozen || Completion.IsCompleted)
            {
                return;
            }
            _clock.Pause();
            JobSignals.StopAll(_cgroup);
            _frozen = true;
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            if (!_frozen)
            {
                return;
            }
            _frozen = false;
            JobSignals.ContinueAll(_cgroup);
            _clock.Resume();
        }
    }

    public bool IsQuiescent() => !Completion.IsCompleted && JobSignals.AllAsleep(_cgroup);

    public void Kill() => _kill.Trigger(KillReason.Cancelled);

    private async Task<SandboxResult> CompleteAsync(Task pumps)
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        _clock.Pause();
        // Always, even after a clean exit: nothing of the job may outlive its run.
        _cgroup.KillAll();
        await SandboxProcess.DrainAsync(_process, pumps).ConfigureAwait(false);
        return SandboxProcess.BuildResult(_process.ExitCode, _kill.Reason, _output, _cgroup, _clock.Used);
    }

    /// <summary>Kills the run if it still lives, waits for it (bounded), and releases the cgroup.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            if (!Completion.IsCompleted)
            {
                _kill.Trigger(KillReason.Cancelled);
                await Completion.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _clock.Dispose();
            _cgroup.KillAll();
            _process.Dispose();
            _cgroup.Dispose();
            _finished();
        }
    }
}
