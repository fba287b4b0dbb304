using System.Diagnostics.Metrics;

namespace CodeInterpreter.Storage;

/// <summary>The expiry sweeper's work as .NET metrics; the Metrics feature exports them at /metrics.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "CodeInterpreter.Storage";
    public const string ExpiredFiles = "code_interpreter.storage.expired_files";
    public const string Sweeps = "code_interpreter.storage.expiry_sweeps";
    public const string QuotaRejections = "code_interpreter.storage.quota_rejections";

    private readonly Counter<long> _expired;
    private readonly Counter<long> _sweeps;
    private readonly Counter<long> _quotaRejections;

    public StorageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _expired = meter.CreateCounter<long>(ExpiredFiles, description: "Stored files removed by the expiry sweeper");
        _sweeps = meter.CreateCounter<long>(Sweeps, description: "Expiry sweeps, by result (ok, failed)");
        _quotaRejections = meter.CreateCounter<long>(QuotaRejections, description: "Writes refused by a storage quota, by limit");
    }

    public void Swept(int removed)
    {
        _expired.Add(removed);
        _sweeps.Add(1, new KeyValuePair<string, object?>("result", "ok"));
    }

    public void QuotaRefused(Quota.QuotaLimit limit) => _quotaRejections.Add(1, new KeyValuePair<string, object?>("limit", LimitLabel(limit)));

    /// <summary>The limit label: user, key, total, free_space.</summary>
    public static string LimitLabel(Quota.QuotaLimit limit) => limit switch
    {
        Quota.QuotaLimit.User => "user",
        Quota.QuotaLimit.Key => "key",
        Quota.QuotaLimit.Total => "total",
        _ => "free_space",
    };

    public void SweepFailed() => _sweeps.Add(1, new KeyValuePair<string, object?>("result", "failed"));
}
