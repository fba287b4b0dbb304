namespace CodeInterpreter.Storage;

/// <summary>Where session files live and how long they are kept (config section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>local</c> (the embedded default: a directory on this node) or <c>s3</c> (shared by every node).</summary>
    public string Backend { get; set; } = StorageBackends.Local;

    /// <summary>Root directory of the local store; the service sets it to <c>&lt;data dir&gt;/files</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>How long an object is kept after its last write. LibreChat re-uploads at 23 h, so keep ≥ 24 h.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired objects are removed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The S3 store's settings, used when <see cref="Backend"/> is <c>s3</c>.</summary>
    public S3.S3StorageOptions S3 { get; set; } = new();

    /// <summary>How much may be stored: in total, per user, per key, and the local disk's free-space floor.</summary>
    public Quota.StorageQuotaOptions Quota { get; set; } = new();
}

internal static class StorageBackends
{
    public const string Local = "local";
    public const string S3 = "s3";
}
