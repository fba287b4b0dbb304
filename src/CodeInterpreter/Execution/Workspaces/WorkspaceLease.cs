using System.Text.Json;
using System.Text.Json.Serialization;
using CodeInterpreter.Storage;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// One call at a time per workspace across nodes that share the store, with nothing but the store: a node claims the
/// lease object when it is absent, expired or its own, waits a settle time and reads it back, and holds it only if its
/// write is still the one there (the later of two racing writers wins, the other waits). The holder renews it while
/// the call runs; a node that dies lets it lapse after <see cref="Ttl"/>. The same scheme as the sweeper's lease (no
/// conditional PUT is needed, which Swift's S3 API lacks); a node stalled for longer than the settle time between its
/// read and its write can still overlap once, which costs a lost workspace update, never another caller's files.
/// </summary>
internal sealed class WorkspaceLease : IAsyncDisposable
{
    internal static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);

    private readonly IStateStore _store;
    private readonly string _key;
    private readonly string _holder;
    private readonly TimeProvider _time;
    private readonly ITimer _renewal;

    private WorkspaceLease(IStateStore store, string key, string holder, TimeProvider time)
    {
        _store = store;
        _key = key;
        _holder = holder;
        _time = time;
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, s_renewEvery, s_renewEvery);
    }

    public static string KeyOf(string runtimeSessionId) => $"workspaces/{runtimeSessionId}.lease";

    /// <summary>The lease, or null when another node held it for all of <paramref name="wait"/>.</summary>
    public static async Task<WorkspaceLease?> TryAcquireAsync(IStateStore store, string runtimeSessionId, TimeSpan wait, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = KeyOf(runtimeSessionId);
        var holder = Guid.NewGuid().ToString("N");
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var current = await ReadAsync(store, key, cancellationToken).ConfigureAwait(false);
            if (current is null || current.ExpiresAt <= time.GetUtcNow())
            {
                await WriteAsync(store, key, new LeaseRecord(holder, time.GetUtcNow() + Ttl), cancellationToken).ConfigureAwait(false);
                await Task.Delay(s_settle, time, cancellationToken).ConfigureAwait(false);
                if ((await ReadAsync(store, key, cancellationToken).ConfigureAwait(false))?.Holder == holder)
                {
                    return new WorkspaceLease(store, key, holder, time);
                }
            }
            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }
            await Task.Delay(s_poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            await WriteAsync(_store, _key, new LeaseRecord(_holder, _time.GetUtcNow() + Ttl), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageUnavailableException or IOException)
        {
            // The next renewal tries again; the lease only lapses after a whole TTL without one.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync().ConfigureAwait(false);
        try
        {
            if ((await ReadAsync(_store, _key, CancellationToken.None).ConfigureAwait(false))?.Holder == _holder)
            {
                await _store.DeleteStateAsync(_key, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is StorageUnavailableException or IOException)
        {
            // It lapses by itself.
        }
    }

    private static async Task<LeaseRecord?> ReadAsync(IStateStore store, string key, CancellationToken cancellationToken)
    {
        await using var found = await store.OpenStateAsync(key, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync(found.Content, WorkspaceJsonContext.Default.LeaseRecord, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(IStateStore store, string key, LeaseRecord lease, CancellationToken cancellationToken) =>
        store.PutStateAsync(key, (stream, ct) => JsonSerializer.SerializeAsync(stream, lease, WorkspaceJsonContext.Default.LeaseRecord, ct),
            cancellationToken);
}

internal sealed record LeaseRecord(
    [property: JsonPropertyName("holder")] string Holder,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

[JsonSerializable(typeof(LeaseRecord))]
internal sealed partial class WorkspaceJsonContext : JsonSerializerContext;
