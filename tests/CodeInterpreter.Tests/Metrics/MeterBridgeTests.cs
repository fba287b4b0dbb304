using System.Text;
using CodeInterpreter.Execution;
using CodeInterpreter.Metrics;
using CodeInterpreter.Storage;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace CodeInterpreter.Tests.Metrics;

/// <summary>The .NET instruments of Execution and Storage arrive in this host's Prometheus registry, and only there.</summary>
public sealed class MeterBridgeTests
{
    private sealed class Host : IDisposable
    {
        private readonly ServiceProvider _services;

        public Host()
        {
            var services = new ServiceCollection();
            services.AddMetrics();
            services.AddSingleton<ExecutionMetrics>();
            services.AddSingleton<StorageMetrics>();
            services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
            services.AddSingleton<MeterBridge>();
            _services = services.BuildServiceProvider();
            _services.GetRequiredService<MeterBridge>();
        }

        public ExecutionMetrics Execution => _services.GetRequiredService<ExecutionMetrics>();
        public StorageMetrics Storage => _services.GetRequiredService<StorageMetrics>();

        public async Task<string> ScrapeAsync()
        {
            using var stream = new MemoryStream();
            await _services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public void Dispose() => _services.Dispose();
    }

    private static ExecutionOutcome Outcome(string language, ExecutionStatus status) => new()
    {
        SessionId = "s", Language = language, Version = "1", Stdout = "", Stderr = "", Output = "", Files = [], Status = status,
    };

    [Fact]
    public async Task Events_AreExportedWithTheirLabels()
    {
        using var host = new Host();

        host.Execution.Finished(Outcome("py", ExecutionStatus.Ok), TimeSpan.FromMilliseconds(40));
        host.Execution.Finished(Outcome("c", ExecutionStatus.CompileError), TimeSpan.FromMilliseconds(300));
        host.Execution.Rejected(ExecutionError.QueueFull);
        host.Execution.SandboxSetupFailed();
        host.Storage.Swept(3);
        var text = await host.ScrapeAsync();

        Assert.Contains("code_interpreter_executions_total{language=\"py\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_executions_total{language=\"c\",outcome=\"compile-error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_execution_duration_seconds_bucket{language=\"py\",outcome=\"ok\",le=\"0.05\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_execution_duration_seconds_bucket{language=\"py\",outcome=\"ok\",le=\"0.025\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_execution_rejections_total{reason=\"queue_full\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_execution_rejections_total{reason=\"shutting_down\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_sandbox_setup_failures_total 1", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_storage_expired_files_total 3", text, StringComparison.Ordinal);
        Assert.Contains("code_interpreter_storage_expiry_sweeps_total{result=\"ok\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHostsInOneProcess_NeverMixTheirCounts()
    {
        using var first = new Host();
        using var second = new Host();

        second.Execution.Finished(Outcome("py", ExecutionStatus.Ok), TimeSpan.FromMilliseconds(10));

        Assert.DoesNotContain("code_interpreter_executions_total{", await first.ScrapeAsync(), StringComparison.Ordinal);
        Assert.Contains("code_interpreter_executions_total{language=\"py\",outcome=\"ok\"} 1", await second.ScrapeAsync(), StringComparison.Ordinal);
    }
}
