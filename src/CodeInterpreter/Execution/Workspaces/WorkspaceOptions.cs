using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>How the service treats LibreChat's stateful runtime sessions (<c>runtime_session_hint</c>).</summary>
public enum RuntimeSessionMode
{
    /// <summary>Hints are ignored and every call starts empty; a caller that expects the stateful profile gets 409.</summary>
    Stateless,
    /// <summary>A hint keeps /mnt/data between calls; when the store cannot load a workspace the call runs fresh (with a note).</summary>
    Affinity,
    /// <summary>As affinity, but a workspace that cannot be loaded fails the call, and the stateful profile needs a hint.</summary>
    Strict,
}

/// <summary>Section "Workspaces": persistent /mnt/data per (caller, runtime session hint).</summary>
public sealed class WorkspaceOptions
{
    /// <summary><c>CODE_RUNTIME_SESSIONS</c>: stateless, affinity or strict.</summary>
    public RuntimeSessionMode Mode { get; set; } = RuntimeSessionMode.Affinity;

    /// <summary>A workspace larger than this after a call is not saved (the previous state stays).</summary>
    public int MaxMb { get; set; } = 512;

    /// <summary>A workspace with more files than this after a call is not saved.</summary>
    public int MaxFiles { get; set; } = 5000;

    /// <summary>A workspace unused this long is deleted; 0 means the session TTL (<c>CODE_SESSION_TTL_HOURS</c>).</summary>
    public double IdleHours { get; set; }

    /// <summary>A call waits this long for another call in the same workspace to end, then gets 409 RUNTIME_SESSION_BUSY.</summary>
    public int BusyWaitSeconds { get; set; } = 15;

    public long MaxBytes => MaxMb * 1024L * 1024;
}

internal sealed class WorkspaceOptionsValidator : IValidateOptions<WorkspaceOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkspaceOptions o)
    {
        List<string> errors = [];
        if (!Enum.IsDefined(o.Mode))
        {
            errors.Add("Workspaces:Mode (CODE_RUNTIME_SESSIONS) must be stateless, affinity or strict");
        }
        if (o.MaxMb is < 1 or > 1024 * 1024)
        {
            errors.Add($"Workspaces:MaxMb (CODE_WORKSPACE_MAX_MB) must be between 1 and 1048576, got {o.MaxMb}");
        }
        if (o.MaxFiles < 1)
        {
            errors.Add($"Workspaces:MaxFiles must be positive, got {o.MaxFiles}");
        }
        if (double.IsNaN(o.IdleHours) || o.IdleHours < 0 || o.IdleHours > 24 * 365)
        {
            errors.Add($"Workspaces:IdleHours (CODE_WORKSPACE_IDLE_HOURS) must be between 0 (the session TTL) and 8760, got {o.IdleHours}");
        }
        if (o.BusyWaitSeconds is < 0 or > 600)
        {
            errors.Add($"Workspaces:BusyWaitSeconds must be between 0 and 600, got {o.BusyWaitSeconds}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
