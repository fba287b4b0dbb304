using System.Collections.Concurrent;
using System.Diagnostics;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// Starts launch chains from one long-lived thread. bwrap's --die-with-parent is PR_SET_PDEATHSIG, which fires
/// when the thread that forked it exits, not the process: a sandbox started from a thread-pool thread would be
/// SIGKILLed whenever the pool retires that thread mid-run.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> s_queue = [];

    static ProcessLauncher()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "sandbox-launcher" };
        thread.Start();
    }

    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((start, started));
        return started.Task;
    }

    private static void Loop()
    {
        foreach (var (start, started) in s_queue.GetConsumingEnumerable())
        {
            try
            {
                InheritedDescriptors.MarkCloseOnExec();
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
