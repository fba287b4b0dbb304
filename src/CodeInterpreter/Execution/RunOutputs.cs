using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution;

/// <summary>
/// After a run (plain or programmatic): outputs stored when it succeeded, the workspace saved whatever the outcome
/// (as a warm machine would keep what the program wrote), and one reply built from both.
/// </summary>
internal static class RunOutputs
{
    public static async Task<ExecutionOutcome> ReportAsync(OutputCollector outputs, ISandboxJob job, SandboxResult result, SandboxLimits limits,
        IReadOnlyDictionary<string, InputFile> inputs, Workspaces.AttachedWorkspace? workspace, string sessionId, string language, string version,
        Storage.Quota.QuotaOwner owner, CancellationToken cancellationToken)
    {
        var collected = result.Succeeded
            ? await outputs.CollectAsync(job, inputs, sessionId, owner, cancellationToken, workspace?.Baseline).ConfigureAwait(false)
            : new CollectedOutputs([], [], [], null);
        if (workspace is not null)
        {
            await workspace.SaveAsync(job, cancellationToken).ConfigureAwait(false);
        }
        var notes = workspace is null ? collected.Notes : [.. collected.Notes, .. workspace.Notes];
        return RunReport.Build(result, limits, sessionId, language, version, collected.Files, notes) with
        {
            DeletedFiles = collected.Deleted,
            ArtifactDelivery = collected.Delivery,
            RuntimeSession = workspace is null ? null : new RuntimeSessionInfo(workspace.RuntimeSessionId, workspace.Reused),
        };
    }
}
