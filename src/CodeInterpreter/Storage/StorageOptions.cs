namespace CodeInterpreter.Storage;

/// <summary>Where session files live and how long they are kept (config section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Root directory of the local store; the service sets it to <c>&lt;data dir&gt;/files</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>How long an object is kept after its last write. LibreChat re-uploads at 23 h, so keep ≥ 24 h.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired objects are removed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
