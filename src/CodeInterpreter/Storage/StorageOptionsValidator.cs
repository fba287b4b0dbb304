using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    // PeriodicTimer rejects periods above uint.MaxValue - 1 milliseconds (~49 days).
    private static readonly TimeSpan _maxSweepInterval = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    // Keeps "now - ttl" far from DateTimeOffset.MinValue.
    private static readonly TimeSpan _maxTtl = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            builder.AddError("is required", nameof(StorageOptions.Root));
        }
        if (options.SessionTtl <= TimeSpan.Zero || options.SessionTtl > _maxTtl)
        {
            builder.AddError($"must be positive and at most {_maxTtl.TotalDays} days", nameof(StorageOptions.SessionTtl));
        }
        if (options.SweepInterval <= TimeSpan.Zero || options.SweepInterval > _maxSweepInterval)
        {
            builder.AddError("must be positive and at most 49 days", nameof(StorageOptions.SweepInterval));
        }
        foreach (var (value, setting) in new[]
        {
            (options.Quota.TotalMb, "Storage:Quota:TotalMb (CODE_STORAGE_QUOTA_TOTAL_MB)"),
            (options.Quota.MinFreeMb, "Storage:Quota:MinFreeMb (CODE_STORAGE_MIN_FREE_MB)"),
            (options.Quota.PerUserMb, "Storage:Quota:PerUserMb (CODE_STORAGE_QUOTA_PER_USER_MB)"),
            (options.Quota.PerKeyMb, "Storage:Quota:PerKeyMb (CODE_STORAGE_QUOTA_PER_KEY_MB)"),
        })
        {
            if (value < 0)
            {
                builder.AddError($"{setting} must be 0 (off) or a number of MiB, got {value}");
            }
        }
        if (!string.Equals(options.Backend, StorageBackends.Local, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Backend, StorageBackends.S3, StringComparison.OrdinalIgnoreCase))
        {
            builder.AddError($"must be '{StorageBackends.Local}' or '{StorageBackends.S3}', not '{options.Backend}'", nameof(StorageOptions.Backend));
        }
        else if (string.Equals(options.Backend, StorageBackends.S3, StringComparison.OrdinalIgnoreCase))
        {
            S3.S3StorageOptionsValidator.Validate(options.S3, builder);
        }
        return builder.Build();
    }
}
