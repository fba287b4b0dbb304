using System.Collections.Concurrent;
using System.Security.Cryptography;
using CodeInterpreter.Files;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Fakes;

/// <summary>An IFileStore in memory, for orchestration tests (the real stores have their own contract tests).</summary>
internal sealed class InMemoryFileStore : IFileStore
{
    private readonly ConcurrentDictionary<(string, string), (StoredFile File, byte[] Bytes)> _objects = new();

    public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public int Puts { get; private set; }

    /// <summary>After this many puts every further one fails as a store outage would (null: never).</summary>
    public int? FailPutsAfter { get; set; }

    public async Task<StoredFile> PutAsync(string sessionId, string fileId, string originalName, Stream content, CancellationToken cancellationToken)
    {
        if (Puts >= FailPutsAfter)
        {
            throw new StorageUnavailableException("the test store went away");
        }
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var file = new StoredFile
        {
            SessionId = sessionId,
            FileId = fileId,
            Key = $"{sessionId}/{fileId}{FileNames.KeyExtension(originalName)}",
            OriginalName = originalName,
            ContentType = "application/octet-stream",
            Size = bytes.Length,
            ETag = Convert.ToHexStringLower(MD5.HashData(bytes)),
            LastModified = Now,
        };
        _objects[(sessionId, fileId)] = (file, bytes);
        Puts++;
        return file;
    }

    public Task<StoredFile?> GetAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue((sessionId, fileId), out var o) ? o.File : null);

    public Task<(StoredFile File, Stream Content)?> OpenReadAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
        Task.FromResult<(StoredFile, Stream)?>(_objects.TryGetValue((sessionId, fileId), out var o) ? (o.File, new MemoryStream(o.Bytes)) : null);

    public Task<StoredFile?> CopyAsync(string sourceSessionId, string fileId, string targetSessionId, CancellationToken cancellationToken)
    {
        if (!_objects.TryGetValue((sourceSessionId, fileId), out var o))
        {
            return Task.FromResult<StoredFile?>(null);
        }
        var copy = o.File with { SessionId = targetSessionId, Key = $"{targetSessionId}/{fileId}{FileNames.KeyExtension(o.File.OriginalName)}", LastModified = Now };
        _objects[(targetSessionId, fileId)] = (copy, o.Bytes);
        return Task.FromResult<StoredFile?>(copy);
    }

    public Task<IReadOnlyList<StoredFile>> ListAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredFile>>([.. _objects.Values.Select(o => o.File).Where(f => f.SessionId == sessionId)]);

    public Task<bool> DeleteAsync(string sessionId, string fileId, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryRemove((sessionId, fileId), out _));

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<StorageStatus> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(StorageStatus.Ok("memory"));

    public byte[] Bytes(string sessionId, string fileId) => _objects[(sessionId, fileId)].Bytes;
}
