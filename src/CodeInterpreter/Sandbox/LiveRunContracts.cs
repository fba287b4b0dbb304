namespace CodeInterpreter.Sandbox;

/// <summary>
/// A run that waits for the service now and then (programmatic tool calling): it can be frozen while the service
/// works for it and thawed to go on. Its wall clock counts only while it is not frozen. Disposing it kills what is
/// left of it and releases its cgroup.
/// </summary>
public interface ILiveRun : IAsyncDisposable
{
    /// <summary>How the run ended; completes when its process exits (by itself, a limit, or <see cref="Kill"/>).</summary>
    Task<SandboxResult> Completion { get; }

    /// <summary>Wall-clock time counted so far: running time only.</summary>
    TimeSpan Used { get; }

    /// <summary>Stops the clock and freezes every process of the run (SIGSTOP).</summary>
    void Pause();

    /// <summary>Thaws the run and starts the clock again with what was left.</summary>
    void Resume();

    /// <summary>True when no thread of the run is running or runnable: all of it waits (e.g. for the service).</summary>
    bool IsQuiescent();

    /// <summary>Kills the whole tree now; the result then reports it cancelled.</summary>
    void Kill();
}
