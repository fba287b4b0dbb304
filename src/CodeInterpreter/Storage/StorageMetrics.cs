using System.Diagnostics.Metrics;

namespace CodeInterpreter.Storage;

/// <summary>The expiry sweeper's work as .NET metrics; the Metrics feature exports them at /metrics.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "CodeInterpreter.Storage";
    public const string ExpiredFiles = "code_interpreter.storage.expired_files";
    public const string Sweeps = "code_interpreter.storage.expiry_sweeps";

    private readonly Counter<long> _expired;
    private readonly Counter<long> _sweeps;

    public StorageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _expired = meter.CreateCounter<long>(ExpiredFiles, description: "Stored files removed by the expiry sweeper");
        _sweeps = meter.CreateCounter<long>(Sweeps, description: "Expiry sweeps, by result (ok, failed)");
    }

    public void Swept(int removed)
    {
        _expired.Add(removed);
        _sweeps.Add(1, new KeyValuePair<string, object?>("result", "ok"));
    }

    public void SweepFailed() => _sweeps.Add(1, new KeyValuePair<string, object?>("result", "failed"));
}
