using System.Diagnostics;
using CodeInterpreter.Sandbox.Cgroups;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>Why a run was killed; the first reason wins.</summary>
internal enum KillReason
{
    None,
    Timeout,
    OutputLimit,
    Cancelled,
}

/// <summary>Kills a run's whole tree once: bwrap (whose pid namespace takes its descendants down) and its cgroup.</summary>
internal sealed class KillSwitch(Process process, IJobCgroup cgroup)
{
    private int _reason;

    public KillReason Reason => (KillReason)Volatile.Read(ref _reason);

    public void Trigger(KillReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)KillReason.None) != (int)KillReason.None)
        {
            return;
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
        // Anything that left the process tree (setsid, double fork) is still in the cgroup.
        cgroup.KillAll();
    }
}
