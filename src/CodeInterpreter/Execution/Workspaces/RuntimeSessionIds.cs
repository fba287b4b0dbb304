using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// Which workspace a call names: LibreChat's <c>runtime_session_hint</c> (a conversation key), or the bash tools'
/// attached workspace (<c>X-LibreChat-Code-Workspace-ID</c> and <c>workspace_instance_id</c>), always together with
/// the caller (its API key's digest or its token's subject): two callers with the same hint never share files.
/// </summary>
public sealed record RuntimeSessionSpec(string Caller, string? Hint, string? WorkspaceId = null, string? WorkspaceInstanceId = null);

/// <summary>The formats LibreChat sends, and the id a workspace gets.</summary>
public static partial class RuntimeSessionIds
{
    /// <summary>≤ 128 of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValidHint(string hint) => HintPattern().IsMatch(hint);

    /// <summary>The bash tools' check: a letter or digit, then ≤ 127 of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValidWorkspaceId(string id) => WorkspaceIdPattern().IsMatch(id);

    /// <summary>64 lowercase hex digits.</summary>
    public static bool IsValidInstanceId(string id) => InstancePattern().IsMatch(id);

    /// <summary>
    /// <c>runtime_session_id</c>: stable for one caller and hint (or workspace), 21 characters of the id alphabet, and
    /// revealing neither (a SHA-256 over both, with the caller already a digest for API keys).
    /// </summary>
    public static string For(RuntimeSessionSpec spec)
    {
        var material = spec.WorkspaceId is { } workspace
            ? $"codeapi-workspace\n{spec.Caller}\n{workspace}\n{spec.WorkspaceInstanceId}"
            : $"codeapi-runtime-session\n{spec.Caller}\n{spec.Hint}";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return Convert.ToBase64String(digest).Replace('+', '-').Replace('/', '_')[..Files.Ids.Length];
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}\\z")]
    private static partial Regex HintPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\\z")]
    private static partial Regex WorkspaceIdPattern();

    [GeneratedRegex("^[a-f0-9]{64}\\z")]
    private static partial Regex InstancePattern();
}

/// <summary>Another call holds the workspace for longer than the configured wait (409 RUNTIME_SESSION_BUSY).</summary>
public sealed class WorkspaceBusyException(string runtimeSessionId)
    : Exception($"Another call is using runtime session {runtimeSessionId}; retry when it has finished")
{
    public string RuntimeSessionId { get; } = runtimeSessionId;
}
