namespace CodeInterpreter.Storage.Quota;

/// <summary>
/// How much the store may hold (config section <c>Storage:Quota</c>). Every limit is in MiB, and 0 turns it off.
/// Per user and per key count what was written in the last <see cref="StorageOptions.SessionTtl"/>: files live that long.
/// </summary>
internal sealed class StorageQuotaOptions
{
    /// <summary>The whole store: what it held at its last measurement plus what was written since.</summary>
    public int TotalMb { get; set; } = 20 * 1024;

    /// <summary>Free space the local store's disk keeps: a write that would go below it is refused.</summary>
    public int MinFreeMb { get; set; } = 1024;

    /// <summary>One LibreChat user (the exec's <c>user_id</c>, the upload's <c>User-Id</c> or the token's subject), per API key.</summary>
    public int PerUserMb { get; set; } = 1024;

    /// <summary>One API key (or all bearer tokens together): what all its users stored.</summary>
    public int PerKeyMb { get; set; }
}
