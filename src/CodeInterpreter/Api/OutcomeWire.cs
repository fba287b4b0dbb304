using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Execution;

namespace CodeInterpreter.Api;

/// <summary>The parts of an outcome that /exec and /exec/programmatic reply alike.</summary>
internal static class OutcomeWire
{
    public static IReadOnlyList<ExecFileBody> Files(ExecutionOutcome o) =>
    [
        .. o.Files.Select(f => new ExecFileBody
        {
            Id = f.Id,
            Name = f.Name,
            StorageSessionId = f.StorageSessionId,
            SessionId = f.StorageSessionId,
            Size = f.Size,
            ContentType = f.ContentType,
            Inherited = f.Inherited ? true : null,
            ModifiedFrom = f.ModifiedFrom is { } m ? new FileOriginBody(m.Id, m.StorageSessionId) : null,
        }),
    ];

    /// <summary>Only when something was removed: the client treats the field as an explicit list.</summary>
    public static IReadOnlyList<string>? Deleted(ExecutionOutcome o) => o.DeletedFiles.Count > 0 ? o.DeletedFiles : null;

    /// <summary>The shape LibreChat's <c>normalizeArtifactDeliveryFailure</c> accepts: failed ≥ 1, attempted = delivered + failed.</summary>
    public static ArtifactDeliveryBody? Delivery(ExecutionOutcome o) => o.ArtifactDelivery is { Failed: > 0 } d
        ? new ArtifactDeliveryBody("artifact_delivery_failed", d.Delivered == 0 ? "failed" : "partial", d.Attempted, d.Delivered, d.Failed)
        : null;

    public static string? RuntimeStatus(RuntimeSessionInfo? session) => session is null ? null : session.Reused ? "reused" : "new";
}
