using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>/metrics counts what really happened: outcomes by language, rejections, stored files, cache, expiry.</summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    [SandboxFact]
    public async Task Metrics_CountOutcomesRejectionsStorageAndExpiry()
    {
        await using var service = new ServiceProcess(new Dictionary<string, string>
        {
            // One slot, no queue: a second run at once is a 429 rejection.
            ["CODE_MAX_CONCURRENCY"] = "1",
            ["CODE_QUEUE_LIMIT"] = "0",
            // Files expire after ~2 s, swept every second: the sweeper's counter must move.
            ["CODE_SESSION_TTL_HOURS"] = "0.0005",
            ["Storage__SweepInterval"] = "00:00:01",
        });
        await service.StartAsync();
        try
        {
            using var client = service.CreateClient(service.Keys[0]);
            using var anonymous = service.CreateClient(apiKey: null);
            using (var refused = await anonymous.GetAsync("metrics"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
            (await client.ExecAsync("py", "print(1)")).AssertRan("1\n");
            var slow = client.PostExecAsync(ServiceApi.ExecBody("bash", "sleep 1"));
            await Task.Delay(300);
            using (var rejected = await client.PostExecAsync(ServiceApi.ExecBody("py", "print(2)")))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            }
            (await slow).Dispose();
            var timeout = ServiceApi.ExecBody("bash", "sleep 5");
            timeout["timeout"] = 300;
            Assert.Equal("TO", (await client.ExecAsync(timeout)).Str("status"));
            Assert.Equal("CE", (await client.ExecAsync("c", "int main( { return 0; }")).Str("status"));
            Assert.Equal("OL", (await client.ExecAsync("py", "print('x' * 200000)")).Str("status"));
            // Uploaded last: the file expires ~2 s after its write, so the scrape below must come well before that.
            await client.UploadAsync("kept.csv", "12345678");

            var (contentType, text) = await ScrapeAsync(client);

            Assert.StartsWith("text/plain; version=0.0.4", contentType, StringComparison.Ordinal);
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"py\",outcome=\"ok\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"bash\",outcome=\"timeout\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"c\",outcome=\"compile-error\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"py\",outcome=\"output-limit\""));
            Assert.Equal(1, Value(text, "code_interpreter_execution_duration_seconds_count", "language=\"py\",outcome=\"ok\""));
            Assert.Equal(1, Value(text, "code_interpreter_execution_rejections_total", "reason=\"queue_full\""));
            Assert.Equal(0, Value(text, "code_interpreter_execution_queue_depth"));
            Assert.Equal(1, Value(text, "code_interpreter_execution_slots"));
            Assert.True(Value(text, "code_interpreter_warm_pool_hits_total") + Value(text, "code_interpreter_warm_pool_misses_total") <= 2, text);
            Assert.True(Value(text, "code_interpreter_warm_pool_ready") >= 0, text);
            Assert.Equal(1, Value(text, "code_interpreter_compile_cache_misses_total"));
            Assert.Equal(0, Value(text, "code_interpreter_sandbox_setup_failures_total"));
            Assert.Equal(1, Value(text, "code_interpreter_sandbox_available"));
            Assert.True(Value(text, "code_interpreter_stored_sessions") >= 1, text);
            Assert.True(Value(text, "code_interpreter_stored_bytes") >= 8, text);
            Assert.True(Value(text, "code_interpreter_storage_expiry_sweeps_total", "result=\"ok\"") >= 1, text);
            Assert.Contains("http_request_duration_seconds_count{code=\"200\",method=\"POST\"", text, StringComparison.Ordinal);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (Value((await ScrapeAsync(client)).Text, "code_interpreter_storage_expired_files_total") < 1)
            {
                await Task.Delay(250, deadline.Token);
            }
        }
        finally
        {
            output.WriteLine(service.LogSince(0));
        }
    }

    private static async Task<(string ContentType, string Text)> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics: {(int)response.StatusCode} {text}");
        return (response.Content.Headers.ContentType?.ToString() ?? "", text);
    }

    /// <summary>The value of one series: <c>name{labels} value</c>, labels exactly as exported (or none).</summary>
    private static double Value(string text, string name, string labels = "")
    {
        var series = labels.Length == 0 ? name : $"{name}{{{labels}}}";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series} in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
