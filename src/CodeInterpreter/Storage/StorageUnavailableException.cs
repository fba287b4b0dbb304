namespace CodeInterpreter.Storage;

/// <summary>
/// The store cannot be reached or refused us (timeout, connection refused, 5xx after retries, bad credentials, missing
/// bucket). The API answers 503; the message is safe to show (no endpoint, no key).
/// </summary>
public sealed class StorageUnavailableException(string reason, Exception? inner = null)
    : Exception("Storage unavailable: " + reason, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>What <c>/health</c> says about the store.</summary>
public sealed record StorageStatus(string Backend, bool Available, string? Problem)
{
    public static StorageStatus Ok(string backend) => new(backend, true, null);
}
