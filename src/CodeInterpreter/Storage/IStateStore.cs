using System.Text.RegularExpressions;

namespace CodeInterpreter.Storage;

/// <summary>
/// The service's own objects beside the session files, in the same backend: the peer registry of several nodes,
/// runtime-session workspaces and their leases. They live outside the session namespace, so no route can list,
/// download or overwrite them, and the session expiry never touches them (their owners expire them).
/// Keys are <c>folder/name[.ext]</c>: a lowercase folder, a name of <c>[A-Za-z0-9_-]</c>.
/// </summary>
public interface IStateStore
{
    /// <summary>True when several nodes share the store (S3): what one node writes, the others read.</summary>
    bool IsShared { get; }

    /// <summary>Writes an object atomically: <paramref name="write"/> fills a private temporary, which then replaces the key.</summary>
    Task<StateEntry> PutStateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>The object's content for streaming (dispose it), or null when absent.</summary>
    Task<StateObject?> OpenStateAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object of one folder.</summary>
    Task<IReadOnlyList<StateEntry>> ListStateAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Removes one object; false when it was not there.</summary>
    Task<bool> DeleteStateAsync(string key, CancellationToken cancellationToken);
}

/// <summary>One state object's key, size and last write.</summary>
public sealed record StateEntry(string Key, long Size, DateTimeOffset LastModified);

/// <summary>An open state object: its entry and its content.</summary>
public sealed class StateObject(StateEntry entry, Stream content) : IAsyncDisposable
{
    public StateEntry Entry { get; } = entry;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Checks state keys before they become paths or object keys.</summary>
public static partial class StateKeys
{
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    public static bool IsValidFolder(string? folder) => folder is not null && FolderPattern().IsMatch(folder);

    public static void Validate(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException("state keys are folder/name[.ext] of [a-z] / [A-Za-z0-9_-] / [a-z]", nameof(key));
        }
    }

    public static void ValidateFolder(string folder)
    {
        if (!IsValidFolder(folder))
        {
            throw new ArgumentException("state folders are 1-32 lowercase letters", nameof(folder));
        }
    }

    [GeneratedRegex("^[a-z]{1,32}/[A-Za-z0-9_-]{1,96}(\\.[a-z]{1,8})?\\z")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[a-z]{1,32}\\z")]
    private static partial Regex FolderPattern();
}
