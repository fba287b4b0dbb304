namespace CodeInterpreter.Storage.Quota;

/// <summary>
/// Whom a write is charged to: the credential that authenticated the request (which API key, bearer tokens, or none)
/// and the LibreChat user it names, when it names one. The user is what the client says; the key is what it proved.
/// </summary>
/// <param name="Credential">a stable name of the credential (e.g. <c>key 1</c>), never the secret itself.</param>
/// <param name="User">the LibreChat user id, or null when the request names none.</param>
public sealed record QuotaOwner(string Credential, string? User)
{
    /// <summary>Writes the service makes for nobody in particular (still counted in the total).</summary>
    public static QuotaOwner Service { get; } = new("service", null);

    /// <summary>Longer user ids are cut: they only name a bucket, and a bucket must not cost a request body of memory.</summary>
    public const int MaxUserLength = 128;

    public static QuotaOwner Of(string? credential, string? user) =>
        new(credential ?? "none", string.IsNullOrWhiteSpace(user) ? null : user.Trim() is { Length: > MaxUserLength } u ? u[..MaxUserLength] : user.Trim());
}

/// <summary>Which limit a write ran into.</summary>
public enum QuotaLimit
{
    /// <summary>The user's share of the last TTL window: their own doing (HTTP 413).</summary>
    User,
    /// <summary>The API key's share of the last TTL window (HTTP 413).</summary>
    Key,
    /// <summary>The whole store is full (HTTP 507: nobody's request is wrong; try later).</summary>
    Total,
    /// <summary>The local disk reached its free-space floor (HTTP 507).</summary>
    FreeSpace,
}

/// <summary>A write refused by a quota; nothing of it was stored.</summary>
public sealed class StorageQuotaExceededException(QuotaLimit limit, string message) : Exception(message)
{
    public QuotaLimit Limit { get; } = limit;
}
