using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Programmatic.Peers;

/// <summary>
/// Where the other nodes are, kept in the shared store (<c>peers/&lt;node id&gt;.json</c>, a state object no route can
/// write): every node with <see cref="ProgrammaticOptions.NodeUrl"/> writes its id and address there every 15 s and
/// removes it when it stops. A continuation token names its node; the node that receives it looks the address up here,
/// never in anything the client sent, so a client cannot make a node call an address of its choosing.
/// </summary>
public sealed class PeerRegistry(IStateStore store, NodeIdentity node, IOptions<ProgrammaticOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<PeerRegistry> logger) : BackgroundService
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_fresh = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_cacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (Uri? Url, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    private string Key(string nodeId) => $"peers/{nodeId}.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.NodeUrl.Length == 0)
        {
            return;
        }
        // Not before the host has started: the store's startup check (which creates the bucket) comes first.
        await HostStart.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(s_heartbeat, time);
        do
        {
            try
            {
                var record = new PeerRecord(node.Id, options.Value.NodeUrl, time.GetUtcNow());
                await store.PutStateAsync(Key(node.Id), (s, ct) => JsonSerializer.SerializeAsync(s, record, PeerJsonContext.Default.PeerRecord, ct),
                    stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StorageUnavailableException or IOException)
            {
                PeersLog.HeartbeatFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.NodeUrl.Length == 0)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.DeleteStateAsync(Key(node.Id), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageUnavailableException or IOException or OperationCanceledException)
        {
            // It goes stale by itself within a minute.
        }
    }

    /// <summary>The address of a live peer, or null (unknown, stale, or this node itself).</summary>
    public async Task<Uri?> FindAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (!NodeIdentity.IsValid(nodeId) || nodeId == node.Id)
        {
            return null;
        }
        if (_cache.TryGetValue(nodeId, out var cached) && cached.Until > time.GetUtcNow())
        {
            return cached.Url;
        }
        var url = Usable(await ReadAsync(Key(nodeId), cancellationToken).ConfigureAwait(false), nodeId);
        if (url is not null)
        {
            // Only hits are kept: a node that registers a moment later is found at the next continuation.
            _cache[nodeId] = (url, time.GetUtcNow() + s_cacheFor);
        }
        return url;
    }

    /// <summary>Every other live peer (for a cancel that did not find its execution here).</summary>
    public async Task<IReadOnlyList<Uri>> OthersAsync(CancellationToken cancellationToken)
    {
        var peers = new List<Uri>();
        foreach (var entry in await store.ListStateAsync("peers", cancellationToken).ConfigureAwait(false))
        {
            var id = entry.Key["peers/".Length..^".json".Length];
            if (id != node.Id && time.GetUtcNow() - entry.LastModified < s_fresh
                && Usable(await ReadAsync(entry.Key, cancellationToken).ConfigureAwait(false), id) is { } url)
            {
                peers.Add(url);
            }
        }
        return peers;
    }

    private Uri? Usable(PeerRecord? record, string nodeId) =>
        record is not null && record.Node == nodeId && time.GetUtcNow() - record.Heartbeat < s_fresh && PeerUrls.IsValid(record.Url)
            ? new Uri(record.Url)
            : null;

    private async Task<PeerRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (!StateKeys.IsValid(key))
        {
            return null;
        }
        await using var found = await store.OpenStateAsync(key, cancellationToken).ConfigureAwait(false);
        if (found is null || found.Entry.Size > 4096)
        {
            return null;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync(found.Content, PeerJsonContext.Default.PeerRecord, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record PeerRecord(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("heartbeat")] DateTimeOffset Heartbeat);

[JsonSerializable(typeof(PeerRecord))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;

internal static partial class PeersLog
{
    [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "Could not write this node's entry in the peer registry; retrying")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);
}
