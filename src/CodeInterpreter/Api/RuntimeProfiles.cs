using CodeInterpreter.Auth;
using CodeInterpreter.Execution.Workspaces;
using CodeInterpreter.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api;

/// <summary>
/// LibreChat's execution profiles: a call may expect <c>default</c> or <c>stateful</c>
/// (<c>X-CodeAPI-Expected-Profile</c>); the reply says which one served it (<c>X-CodeAPI-Execution-Profile</c>). A
/// stateful call names its workspace by <c>runtime_session_hint</c>, or by the bash tools' attached workspace
/// (<c>X-LibreChat-Code-Workspace-ID</c> and <c>workspace_instance_id</c>), always together with the caller.
/// </summary>
internal static class RuntimeProfiles
{
    public const string ExpectedHeader = "X-CodeAPI-Expected-Profile";
    public const string ServedHeader = "X-CodeAPI-Execution-Profile";
    public const string WorkspaceHeader = "X-LibreChat-Code-Workspace-ID";
    public const string Default = "default";
    public const string Stateful = "stateful";

    /// <summary>The workspace a call names (null: none), or the error reply; sets the served-profile header.</summary>
    public static (RuntimeSessionSpec? Spec, JsonHttpResult<ErrorBody>? Error) Resolve(HttpContext context, string? hint, string? instanceId,
        RuntimeSessionMode mode)
    {
        var expected = context.Request.Headers[ExpectedHeader].ToString().Trim().ToLowerInvariant();
        if (expected is not ("" or Default or Stateful))
        {
            return (null, ApiErrors.BadRequest($"Invalid {ExpectedHeader}", "expected default or stateful"));
        }
        hint = string.IsNullOrEmpty(hint) ? null : hint;
        if (hint is not null && !RuntimeSessionIds.IsValidHint(hint))
        {
            return (null, ApiErrors.BadRequest("Invalid runtime_session_hint", "at most 128 characters of [A-Za-z0-9._:-]"));
        }
        var workspace = context.Request.Headers[WorkspaceHeader].ToString().Trim();
        workspace = workspace.Length == 0 ? null : workspace;
        instanceId = string.IsNullOrEmpty(instanceId) ? null : instanceId;
        if (workspace is not null && !RuntimeSessionIds.IsValidWorkspaceId(workspace))
        {
            return (null, ApiErrors.BadRequest($"Invalid {WorkspaceHeader}", "a letter or digit, then at most 127 of [A-Za-z0-9._:-]"));
        }
        if (instanceId is not null && (workspace is null || !RuntimeSessionIds.IsValidInstanceId(instanceId)))
        {
            return (null, ApiErrors.BadRequest("Invalid workspace_instance_id", $"64 lowercase hex digits, with {WorkspaceHeader}"));
        }
        var wantsState = hint is not null || workspace is not null;
        if (expected == Stateful && (mode == RuntimeSessionMode.Stateless || (mode == RuntimeSessionMode.Strict && !wantsState)))
        {
            return (null, ProfileMismatch(mode == RuntimeSessionMode.Stateless
                ? "this service runs stateless (CODE_RUNTIME_SESSIONS=stateless)"
                : "the stateful profile needs a runtime_session_hint"));
        }
        // As LibreChat's own tools do: a call that expects the default profile never attaches a workspace.
        var spec = mode == RuntimeSessionMode.Stateless || expected == Default || !wantsState
            ? null
            : new RuntimeSessionSpec(Caller(context), hint, workspace, instanceId);
        Served(context, spec is not null);
        return (spec, null);
    }

    public static void Served(HttpContext context, bool stateful) =>
        context.Response.Headers[ServedHeader] = stateful ? Stateful : Default;

    /// <summary>Whom state is bound to: the authenticated caller (a key's digest, a token's subject), or "open" without auth.</summary>
    public static string Caller(HttpContext context) => context.Items[ApiKeyFilter.CallerItem] as string ?? "open";

    /// <summary>409 <c>{"error":"execution_profile_mismatch"}</c>: LibreChat tells the model not to retry.</summary>
    public static JsonHttpResult<ErrorBody> ProfileMismatch(string message) =>
        ApiErrors.Status(StatusCodes.Status409Conflict, "execution_profile_mismatch", message);

    /// <summary>409 <c>{"error":"RUNTIME_SESSION_BUSY"}</c>: another call holds the workspace; LibreChat retries later.</summary>
    public static JsonHttpResult<ErrorBody> Busy(string message) =>
        ApiErrors.Status(StatusCodes.Status409Conflict, "RUNTIME_SESSION_BUSY", message);
}
