using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeInterpreter.Bench;

// bench/perf.sh: the service (Release) beside the bare runtime, in one run on one machine.
var options = BenchOptions.Parse(args);
var repo = BenchOptions.RepoRoot();
var dll = Path.Combine(repo, "src/CodeInterpreter/bin/Release/net10.0/CodeInterpreter.dll");
var report = new StringBuilder();
var json = new JsonObject { ["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture), ["machine"] = BenchOptions.Machine() };
string F(double v) => v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

await using var service = await Service.StartAsync(dll, options.ServiceEnvironment);
using var bare = await BareArtifacts.BuildAsync(repo);

// 1. Hello world per language at concurrency 1.
report.AppendLine($"### Hello world, concurrency 1 ({options.Iterations} requests after {options.Warmup} warm-up)\n");
report.AppendLine("| lang | bare p50 | bare p95 | /exec p50 | /exec p95 | /exec p99 | p50 ratio |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
var hello = new JsonObject();
foreach (var lang in Hello.All.Where(h => options.Languages is null || options.Languages.Contains(h.Lang)))
{
    var bareSamples = await Timing.RepeatAsync(options.Warmup, options.Iterations, () => Bare.RunAsync(bare.ArgvFor(lang)));
    var execSamples = await Timing.RepeatAsync(options.Warmup, options.Iterations, () => service.ExecAsync(lang.Lang, lang.Code));
    report.AppendLine($"| {lang.Lang} | {F(bareSamples.P50)} | {F(bareSamples.P95)} | {F(execSamples.P50)} | {F(execSamples.P95)} | {F(execSamples.P99)} | {execSamples.P50 / bareSamples.P50:0.00}× |");
    hello[lang.Lang] = new JsonObject
    {
        ["bare_p50"] = bareSamples.P50, ["bare_p95"] = bareSamples.P95,
        ["exec_p50"] = execSamples.P50, ["exec_p95"] = execSamples.P95, ["exec_p99"] = execSamples.P99,
    };
}
json["hello"] = hello;

// 2. The data-science script: pandas + matplotlib, a plot saved to /mnt/data.
var scriptDir = Directory.CreateTempSubdirectory("ci-bench-ds-").FullName;
await File.WriteAllTextAsync(Path.Combine(scriptDir, "ds.py"), Hello.DataScience);
var dsBare = await Timing.RepeatAsync(1, options.HeavyIterations, () => Bare.RunAsync(["/usr/bin/python3", "ds.py"], scriptDir));
var dsExec = await Timing.RepeatAsync(1, options.HeavyIterations, () => service.ExecAsync("py", Hello.DataScience));
report.AppendLine($"\n### Data-science script (pandas describe + matplotlib savefig), {options.HeavyIterations} runs\n");
report.AppendLine("| | p50 ms | p95 ms |\n|---|---:|---:|");
report.AppendLine($"| bare `python3 ds.py` | {F(dsBare.P50)} | {F(dsBare.P95)} |");
report.AppendLine($"| `/exec` | {F(dsExec.P50)} | {F(dsExec.P95)} |");
report.AppendLine($"| ratio | {dsExec.P50 / dsBare.P50:0.00}× | |");
json["data_science"] = new JsonObject { ["bare_p50"] = dsBare.P50, ["exec_p50"] = dsExec.P50, ["ratio"] = dsExec.P50 / dsBare.P50 };

// 2b. The same two with the pause a chat leaves between tool calls: each request waits until the warm pool has a
// sandbox ready (bounded at 5 s), so this measures the warm path; the numbers above are back-to-back (mostly cold).
async Task WaitWarmAsync()
{
    if ((await service.HealthAsync())["warm_pool"]?["py_target"]?.GetValue<int>() is not > 0)
    {
        return;
    }
    for (var i = 0; i < 100 && (await service.HealthAsync())["warm_pool"]?["py_ready"]?.GetValue<int>() is not > 0; i++)
    {
        await Task.Delay(50);
    }
}
var warmHits = (await service.HealthAsync())["warm_pool"]?["hits"]?.GetValue<long>() ?? 0;
// Only the exec is timed, not the wait.
var helloWarmExec = new List<double>();
var dsWarmExec = new List<double>();
for (var i = 0; i < options.HeavyIterations * 2; i++)
{
    await WaitWarmAsync();
    var t = System.Diagnostics.Stopwatch.GetTimestamp();
    await service.ExecAsync("py", "print('hello')");
    helloWarmExec.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
for (var i = 0; i < options.HeavyIterations; i++)
{
    await WaitWarmAsync();
    var t = System.Diagnostics.Stopwatch.GetTimestamp();
    await service.ExecAsync("py", Hello.DataScience);
    dsWarmExec.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
var warmRuns = ((await service.HealthAsync())["warm_pool"]?["hits"]?.GetValue<long>() ?? 0) - warmHits;
var pyBare = hello["py"]?["bare_p50"]?.GetValue<double>() ?? double.NaN;
report.AppendLine($"\n### Python on the warm path (a warm sandbox ready before each request; {warmRuns} of {options.HeavyIterations * 3} runs were pool hits)\n");
report.AppendLine("| | bare p50 | /exec p50 | /exec p95 | ratio |\n|---|---:|---:|---:|---:|");
report.AppendLine($"| hello world | {F(pyBare)} | {F(new Samples(helloWarmExec).P50)} | {F(new Samples(helloWarmExec).P95)} | {new Samples(helloWarmExec).P50 / pyBare:0.00}× |");
report.AppendLine($"| data-science script | {F(dsBare.P50)} | {F(new Samples(dsWarmExec).P50)} | {F(new Samples(dsWarmExec).P95)} | {new Samples(dsWarmExec).P50 / dsBare.P50:0.00}× |");
json["warm"] = new JsonObject
{
    ["hello_p50"] = new Samples(helloWarmExec).P50, ["data_science_p50"] = new Samples(dsWarmExec).P50,
    ["data_science_ratio"] = new Samples(dsWarmExec).P50 / dsBare.P50,
};

// 3. A file round trip: upload 10 MB, an exec that reads it and writes 10 MB, download.
var payload = new byte[10 * 1024 * 1024];
Random.Shared.NextBytes(payload);
var (up, run, down) = (new List<double>(), new List<double>(), new List<double>());
for (var i = 0; i < options.HeavyIterations; i++)
{
    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
    var uploaded = await service.UploadAsync("in.bin", payload);
    var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
    var exec = new JsonObject
    {
        ["lang"] = "py",
        ["code"] = "d = open('in.bin', 'rb').read()\nopen('out.bin', 'wb').write(d[::-1])\nprint(len(d))",
        ["files"] = new JsonArray(new JsonObject
        {
            ["id"] = uploaded["files"]![0]!["fileId"]!.GetValue<string>(),
            ["session_id"] = uploaded["session_id"]!.GetValue<string>(),
            ["name"] = "in.bin",
        }),
    };
    var reply = await service.ExecAsync(exec);
    var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
    var output = reply["files"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == "out.bin")!;
    var bytes = await service.DownloadAsync(reply["session_id"]!.GetValue<string>(), output["id"]!.GetValue<string>());
    var t3 = System.Diagnostics.Stopwatch.GetTimestamp();
    if (bytes.Length != payload.Length || bytes[0] != payload[^1])
    {
        throw new InvalidOperationException("the round trip changed the file");
    }
    up.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
    run.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
    down.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
}
var total = up.Zip(run, down).Select(t => t.First + t.Second + t.Third).ToList();
report.AppendLine($"\n### 10 MB file round trip, {options.HeavyIterations} runs (p50 ms)\n");
report.AppendLine("| upload | exec (read 10 MB, write 10 MB) | download | total |\n|---:|---:|---:|---:|");
report.AppendLine($"| {F(new Samples(up).P50)} | {F(new Samples(run).P50)} | {F(new Samples(down).P50)} | {F(new Samples(total).P50)} |");
json["round_trip"] = new JsonObject { ["upload_p50"] = new Samples(up).P50, ["exec_p50"] = new Samples(run).P50, ["download_p50"] = new Samples(down).P50 };

// 4. Throughput of Python hello world against bare spawns at the same concurrency.
report.AppendLine($"\n### Python hello throughput ({options.LoadRequests} requests per level)\n");
report.AppendLine("| concurrency | bare spawns/s | /exec per s | ratio | bare p99 | /exec p50 | /exec p99 |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
var load = new JsonArray();
foreach (var concurrency in options.Concurrency)
{
    var (bareRate, bareLatency) = await Timing.LoadAsync(concurrency, options.LoadRequests, () => Bare.RunAsync(["/usr/bin/python3", "-c", "print('hello')"]));
    var (execRate, execLatency) = await Timing.LoadAsync(concurrency, options.LoadRequests, () => service.ExecAsync("py", "print('hello')"));
    report.AppendLine($"| {concurrency} | {F(bareRate)} | {F(execRate)} | {execRate / bareRate:0.00}× | {F(bareLatency.P99)} | {F(execLatency.P50)} | {F(execLatency.P99)} |");
    load.Add(new JsonObject
    {
        ["concurrency"] = concurrency, ["bare_per_s"] = bareRate, ["exec_per_s"] = execRate,
        ["exec_p50"] = execLatency.P50, ["exec_p99"] = execLatency.P99, ["bare_p99"] = bareLatency.P99,
    });
}
json["throughput"] = load;

// 5. The service's memory.
var health = await service.HealthAsync();
report.AppendLine($"\nService peak RSS (VmHWM): {service.PeakRssMb:0} MiB. Warm pool: {health["warm_pool"]?.ToJsonString() ?? "none"}.");
json["peak_rss_mb"] = service.PeakRssMb;
json["health"] = health;

Console.WriteLine(report);
var results = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(results);
var file = Path.Combine(results, $"perf-{DateTime.UtcNow:yyyy-MM-dd}{options.Tag}.json");
await File.WriteAllTextAsync(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(Path.ChangeExtension(file, ".md"), report.ToString());
Console.WriteLine($"wrote {file}");
