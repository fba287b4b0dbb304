using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Quota;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Fakes;

/// <summary>A <see cref="StorageQuota"/> over a test store: no limit unless given one, and no disk floor (not a local store).</summary>
internal static class TestQuota
{
    public static StorageQuota For(IFileStore store, StorageQuotaOptions? limits = null, TimeProvider? time = null, TimeSpan? ttl = null,
        string backend = "memory", string root = "/nonexistent") =>
        new(store, Options.Create(new StorageOptions
        {
            Backend = backend,
            Root = root,
            SessionTtl = ttl ?? TimeSpan.FromHours(24),
            Quota = limits ?? new StorageQuotaOptions { TotalMb = 0, MinFreeMb = 0, PerUserMb = 0 },
        }), time ?? TimeProvider.System, NullLogger<StorageQuota>.Instance);
}
