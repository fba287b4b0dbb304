using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>/metrics counts what really happened: outcomes by language, rejections, stored files, cache, expiry.</summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Long enough that the upload is certainly still stored when the first scrape right after it counts it, short
    /// enough that the test then waits for the sweeper to remove it.
    /// </summary>
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(10);

    [SandboxFact]
    public async Task Metrics_CountOutcomesRejectionsStorageAndExpiry()
    {
        await using var service = new ServiceProcess(new Dictionary<string, string>
        {
            // One slot, no queue: a second run while one holds the slot is a 429 rejection.
            ["CODE_MAX_CONCURRENCY"] = "1",
            ["CODE_QUEUE_LIMIT"] = "0",
            ["CODE_SESSION_TTL_HOURS"] = s_ttl.TotalHours.ToString(CultureInfo.InvariantCulture),
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

            // Storage, scraped at once: the upload is far from its TTL, so it is counted and nothing has expired yet.
            await client.UploadAsync("kept.csv", "12345678");
            var (contentType, stored) = await ScrapeAsync(client);
            Assert.StartsWith("text/plain; version=0.0.4", contentType, StringComparison.Ordinal);
            Assert.Equal(1, Value(stored, "code_interpreter_stored_sessions"));
            Assert.Equal(1, Value(stored, "code_interpreter_stored_files"));
            Assert.Equal(8, Value(stored, "code_interpreter_stored_bytes"));
            Assert.Equal(0, Value(stored, "code_interpreter_storage_expired_files_total"));

            // Outcomes. The slot is held by a run the test ends itself (the client leaves), so the rejection in
            // between cannot race a run that finishes on its own.
            (await client.ExecAsync("py", "print(1)")).AssertRan("1\n");
            using (var hold = new CancellationTokenSource())
            {
                var held = client.PostAsJsonAsync("exec", ServiceApi.ExecBody("bash", "sleep 60"), hold.Token);
                await client.WaitForRunningAsync(1);
                using (var rejected = await client.PostExecAsync(ServiceApi.ExecBody("py", "print(2)")))
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
                }
                await hold.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
                await client.WaitForRunningAsync(0);
            }
            var timeout = ServiceApi.ExecBody("bash", "sleep 5");
            timeout["timeout"] = 300;
            Assert.Equal("TO", (await client.ExecAsync(timeout)).Str("status"));
            Assert.Equal("CE", (await client.ExecAsync("c", "int main( { return 0; }")).Str("status"));
            Assert.Equal("OL", (await client.ExecAsync("py", "print('x' * 200000)")).Str("status"));

            var (_, text) = await ScrapeAsync(client);

            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"py\",outcome=\"ok\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"bash\",outcome=\"cancelled\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"bash\",outcome=\"timeout\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"c\",outcome=\"compile-error\""));
            Assert.Equal(1, Value(text, "code_interpreter_executions_total", "language=\"py\",outcome=\"output-limit\""));
            Assert.Equal(1, Value(text, "code_interpreter_execution_duration_seconds_count", "language=\"py\",outcome=\"ok\""));
            Assert.Equal(1, Value(text, "code_interpreter_execution_rejections_total", "reason=\"queue_full\""));
            Assert.Equal(0, Value(text, "code_interpreter_execution_queue_depth"));
            Assert.Equal(0, Value(text, "code_interpreter_executions_running"));
            Assert.Equal(1, Value(text, "code_interpreter_execution_slots"));
            // The two Python runs that got a slot were each served warm or cold; the rejected one never reached the pool.
            Assert.Equal(2, Value(text, "code_interpreter_warm_pool_hits_total") + Value(text, "code_interpreter_warm_pool_misses_total"));
            Assert.InRange(Value(text, "code_interpreter_warm_pool_ready"), 0, 2); // CODE_WARM_POOL_SIZE's default
            Assert.Equal(1, Value(text, "code_interpreter_compile_cache_misses_total"));
            Assert.Equal(0, Value(text, "code_interpreter_sandbox_setup_failures_total"));
            Assert.Equal(1, Value(text, "code_interpreter_sandbox_available"));
            Assert.Contains("http_request_duration_seconds_count{code=\"200\",method=\"POST\"", text, StringComparison.Ordinal);

            // Expiry: wait for the sweeper to remove the upload once its TTL has passed, then count exactly it.
            var expired = await Poll.UntilAsync(async () => (await ScrapeAsync(client)).Text,
                scraped => Value(scraped, "code_interpreter_storage_expired_files_total") >= 1, s_ttl + TimeSpan.FromSeconds(60),
                "the expiry sweeper to remove the upload");
            Assert.Equal(1, Value(expired, "code_interpreter_storage_expired_files_total"));
            Assert.True(Value(expired, "code_interpreter_storage_expiry_sweeps_total", "result=\"ok\"") >= 1, expired);
            Assert.Equal(0, Value(expired, "code_interpreter_storage_expiry_sweeps_total", "result=\"failed\""));
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
