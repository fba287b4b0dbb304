using System.Diagnostics.Metrics;
using CodeInterpreter.Execution;
using CodeInterpreter.Storage;
using Prometheus;

namespace CodeInterpreter.Metrics;

/// <summary>
/// Forwards the service's own .NET instruments (<see cref="ExecutionMetrics"/>, <see cref="StorageMetrics"/>) into
/// Prometheus collectors with fixed names, help texts, labels and buckets. Only instruments of this host's
/// <see cref="IMeterFactory"/> are taken, so two hosts in one process never mix their counts.
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    /// <summary>Seconds: a hello world in an interpreter (10 ms) up to the longest allowed run (120 s).</summary>
    private static readonly double[] s_durationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Sink> _sinks;

    private delegate void Sink(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public MeterBridge(IMeterFactory meters, CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var executions = factory.CreateCounter("code_interpreter_executions_total",
            "Executions that ran, by language and outcome (ok, error, timeout, oom, output-limit, compile-error, cancelled)",
            "language", "outcome");
        var duration = factory.CreateHistogram("code_interpreter_execution_duration_seconds",
            "Time from admission to reply (compile included), by language and outcome",
            new HistogramConfiguration { LabelNames = ["language", "outcome"], Buckets = s_durationBuckets });
        var rejections = factory.CreateCounter("code_interpreter_execution_rejections_total",
            "Executions refused before running: queue_full (HTTP 429), shutting_down (HTTP 503)", "reason");
        var setupFailures = factory.CreateCounter("code_interpreter_sandbox_setup_failures_total",
            "Executions that failed because the sandbox was unavailable or a job could not be set up");
        var expired = factory.CreateCounter("code_interpreter_storage_expired_files_total", "Stored files removed by the expiry sweeper");
        var sweeps = factory.CreateCounter("code_interpreter_storage_expiry_sweeps_total", "Expiry sweeps, by result", "result");
        var quotaRejections = factory.CreateCounter("code_interpreter_storage_quota_rejections_total",
            "Uploads and outputs refused by a storage quota: user, key (HTTP 413), total, free_space (HTTP 507)", "limit");
        // Known label values start at 0, so a rate() works before the first event.
        rejections.WithLabels("queue_full");
        rejections.WithLabels("shutting_down");
        sweeps.WithLabels("ok");
        sweeps.WithLabels("failed");
        foreach (var limit in Enum.GetValues<Storage.Quota.QuotaLimit>())
        {
            quotaRejections.WithLabels(StorageMetrics.LimitLabel(limit));
        }

        _sinks = new(StringComparer.Ordinal)
        {
            [ExecutionMetrics.Executions] = (v, tags) => executions.WithLabels(Tag(tags, "language"), Tag(tags, "outcome")).Inc(v),
            [ExecutionMetrics.Duration] = (v, tags) => duration.WithLabels(Tag(tags, "language"), Tag(tags, "outcome")).Observe(v),
            [ExecutionMetrics.Rejections] = (v, tags) => rejections.WithLabels(Tag(tags, "reason")).Inc(v),
            [ExecutionMetrics.SandboxSetupFailures] = (v, _) => setupFailures.Inc(v),
            [StorageMetrics.ExpiredFiles] = (v, _) => expired.Inc(v),
            [StorageMetrics.Sweeps] = (v, tags) => sweeps.WithLabels(Tag(tags, "result")).Inc(v),
            [StorageMetrics.QuotaRejections] = (v, tags) => quotaRejections.WithLabels(Tag(tags, "limit")).Inc(v),
        };
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && _sinks.TryGetValue(instrument.Name, out var sink))
            {
                listener.EnableMeasurementEvents(instrument, sink);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Sink)state!)(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Sink)state!)(value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? "";
            }
        }
        return "";
    }
}
