using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeInterpreter.Bench;

// bench/storage.sh: the same requests against a service on the local disk store and one on the S3 store, in one
// run, the samples interleaved in random order so that the host's noise falls on both alike.
var options = StorageBenchOptions.Parse(args);
var nodes = options.Nodes.Select(n => new Node(n.Name, n.Url, options.Key)).ToList();
const int MiB = 1024 * 1024;
var json = new JsonObject
{
    ["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
    ["machine"] = StorageBenchOptions.Machine(),
    ["load_average_start"] = LoadAverage(),
    ["conditions"] = options.Conditions,
    ["iterations"] = options.Iterations,
    ["large_iterations"] = options.LargeIterations,
    ["warmup"] = options.Warmup,
};
string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
string Signed(double v) => (v >= 0 ? "+" : "") + F(v);
static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

var backends = new JsonObject();
foreach (var node in nodes)
{
    var storage = (await node.HealthAsync())["storage"];
    if (storage?["available"]?.GetValue<bool>() is not true)
    {
        throw new InvalidOperationException($"{node.Name}: the store is not available: {storage?.ToJsonString()}");
    }
    backends[node.Name] = storage.DeepClone();
}
json["storage"] = backends;

// Samples per cell (a node, or a scenario on a node). Every iteration measures every cell once, in a fresh random
// order (a seeded shuffle), so the host's noise, which comes and goes, falls on all cells alike; the first `warmup`
// iterations are dropped.
var order = new Random(6);
async Task<Dictionary<TCell, List<T>>> InterleavedAsync<TCell, T>(IReadOnlyList<TCell> cells, int warmup, int count, Func<TCell, Task<T>> measure)
    where TCell : notnull
{
    var samples = cells.ToDictionary(c => c, _ => new List<T>(count));
    for (var i = 0; i < warmup + count; i++)
    {
        var shuffled = cells.ToArray();
        order.Shuffle(shuffled);
        foreach (var cell in shuffled)
        {
            var sample = await measure(cell);
            if (i >= warmup)
            {
                samples[cell].Add(sample);
            }
        }
    }
    return samples;
}

static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

// --- 1. /exec with a 10 MiB input file, writing a 10 MiB output file, and the parts of it. ---
var input = new byte[10 * MiB];
Random.Shared.NextBytes(input);
var inputRefs = new Dictionary<string, JsonObject>();
foreach (var node in nodes)
{
    var (sessionId, fileId) = await node.UploadAsync("in.bin", input);
    inputRefs[node.Name] = new JsonObject { ["id"] = fileId, ["session_id"] = sessionId, ["name"] = "in.bin" };
}

const string Header = "bench\n";
const string MakeData = "d = bytes(range(256)) * 40960\n";  // 10 MiB made in memory
const string ReadInput = "d = open('in.bin', 'rb').read()\n";
const string WriteOutput = "open('out.bin', 'wb').write(b'bench\\n' + d[::-1])\n";
var scenarios = new ExecScenario[]
{
    new("baseline", "no files (same work in memory: make 10 MiB, reverse it)", false, false, MakeData + "o = b'bench\\n' + d[::-1]\nprint(len(o))"),
    new("input_only", "10 MiB input, no output (reads it)", true, false, ReadInput + "print(len(d))"),
    new("output_only", "no input, 10 MiB output (makes it, writes it)", false, true, MakeData + WriteOutput + "print(len(d))"),
    new("input_output", "**10 MiB input → 10 MiB output** (reads it, writes it reversed with a header)", true, true, ReadInput + WriteOutput + "print(len(d))"),
};

JsonObject ExecBody(ExecScenario scenario, Node node) => new()
{
    ["lang"] = "py",
    ["code"] = scenario.Code,
    ["files"] = scenario.WithInput ? new JsonArray(inputRefs[node.Name].DeepClone()) : new JsonArray(),
};

// Once per node, untimed: the output really is the input reversed behind a header, downloadable at once.
var expected = Encoding.ASCII.GetBytes(Header).Concat(input.Reverse()).ToArray();
var check = new byte[expected.Length + 1];
foreach (var node in nodes)
{
    var reply = await node.ExecAsync(ExecBody(scenarios[^1], node));
    var output = reply["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "out.bin")!;
    var length = await node.DownloadAsync(reply["session_id"]!.GetValue<string>(), output["id"]!.GetValue<string>(), check);
    if (!check.AsSpan(0, length).SequenceEqual(expected))
    {
        throw new InvalidOperationException($"{node.Name}: out.bin is not the input reversed behind the header");
    }
}

var execJson = new JsonObject();
var cells = scenarios.SelectMany(scenario => nodes.Select(node => (Scenario: scenario, Node: node))).ToList();
var execSamples = await InterleavedAsync(cells, options.Warmup, options.Iterations, async cell =>
{
    var (scenario, node) = cell;
    var body = ExecBody(scenario, node);
    var start = Stopwatch.GetTimestamp();
    var reply = await node.ExecAsync(body);
    var ms = Since(start);
    var sessionId = reply["session_id"]!.GetValue<string>();
    var files = reply["files"]!.AsArray().Select(f => f!.AsObject()).ToList();
    if (scenario.WithOutput != files.Any(f => f["name"]!.GetValue<string>() == "out.bin" && f["inherited"] is null)
        || scenario.WithInput != files.Any(f => f["name"]!.GetValue<string>() == "in.bin" && f["inherited"]?.GetValue<bool>() is true))
    {
        throw new InvalidOperationException($"{node.Name}: {scenario.Key}: unexpected files {reply["files"]!.ToJsonString()}");
    }
    foreach (var file in files)
    {
        // Outputs and the inherited input's copy both live under the run's new session.
        await node.DeleteAsync(sessionId, file["id"]!.GetValue<string>());
    }
    return new ExecSample(ms, reply["wall_time_ms"]?.GetValue<double>() ?? double.NaN);
});
var execResults = scenarios.Select(scenario => (Scenario: scenario,
    Samples: nodes.ToDictionary(n => n.Name, n => execSamples[(scenario, n)]))).ToList();
foreach (var (scenario, samples) in execResults)
{
    var entry = new JsonObject { ["label"] = scenario.Label, ["code"] = scenario.Code };
    foreach (var (name, list) in samples)
    {
        var s = new Samples([.. list.Select(x => x.Ms)]);
        entry[name] = new JsonObject
        {
            ["p50"] = s.P50, ["p90"] = s.P(90), ["mean"] = s.Ms.Average(),
            ["sandbox_wall_p50"] = new Samples([.. list.Select(x => x.WallMs)]).P50,
            ["samples"] = new JsonArray([.. list.Select(x => JsonValue.Create(Math.Round(x.Ms, 2)))]),
        };
    }
    execJson[scenario.Key] = entry;
}
json["exec"] = execJson;

// --- 2. Upload and download of one file, 1 MiB and 50 MiB. ---
var transferJson = new JsonObject();
var transferResults = new List<(int SizeMb, int Count, Dictionary<string, List<(double Up, double Down)>> Samples)>();
foreach (var (sizeMb, count, warmup) in new[] { (1, options.Iterations, options.Warmup), (50, options.LargeIterations, Math.Min(options.Warmup, 2)) })
{
    var payload = new byte[sizeMb * MiB];
    Random.Shared.NextBytes(payload);
    var buffer = new byte[payload.Length + 1];
    var samples = (await InterleavedAsync(nodes, warmup, count, async node =>
    {
        var start = Stopwatch.GetTimestamp();
        var (sessionId, fileId) = await node.UploadAsync($"up-{sizeMb}m.bin", payload);
        var up = Since(start);
        start = Stopwatch.GetTimestamp();
        var length = await node.DownloadAsync(sessionId, fileId, buffer);
        var down = Since(start);
        if (!buffer.AsSpan(0, length).SequenceEqual(payload))
        {
            throw new InvalidOperationException($"{node.Name}: the {sizeMb} MiB download differs from the upload");
        }
        await node.DeleteAsync(sessionId, fileId);
        return (Up: up, Down: down);
    })).ToDictionary(p => p.Key.Name, p => p.Value);
    transferResults.Add((sizeMb, count, samples));
    var entry = new JsonObject();
    foreach (var (name, list) in samples)
    {
        JsonObject Summary(IEnumerable<double> ms)
        {
            var s = new Samples([.. ms]);
            return new JsonObject
            {
                ["p50"] = s.P50, ["p90"] = s.P(90), ["mean"] = s.Ms.Average(), ["mib_per_s_at_p50"] = sizeMb / (s.P50 / 1000),
                ["samples"] = new JsonArray([.. s.Ms.Select(x => JsonValue.Create(Math.Round(x, 2)))]),
            };
        }
        entry[name] = new JsonObject { ["upload"] = Summary(list.Select(x => x.Up)), ["download"] = Summary(list.Select(x => x.Down)) };
    }
    transferJson[$"{sizeMb}mib"] = entry;
}
json["transfer"] = transferJson;

// Clean up the input files.
foreach (var node in nodes)
{
    await node.DeleteAsync(inputRefs[node.Name]["session_id"]!.GetValue<string>(), inputRefs[node.Name]["id"]!.GetValue<string>());
}
json["load_average_end"] = LoadAverage();

// --- The report. ---
var (a, b) = (nodes[0].Name, nodes[1].Name);
var report = new StringBuilder();
report.AppendLine($"## Storage: {a} beside {b}, {json["date"]}\n");
report.AppendLine($"{json["machine"]}. Load average at start {json["load_average_start"]}, at end {json["load_average_end"]}.");
if (options.Conditions.Length > 0)
{
    report.AppendLine(options.Conditions);
}
report.AppendLine($"\n### `/exec` (Python), ms: {options.Iterations} runs of each row on each store after {options.Warmup} warm-ups, all interleaved\n");
report.AppendLine($"| exec | {a} p50 | {a} p90 | {a} mean | {a} Δ p50 vs baseline | {b} p50 | {b} p90 | {b} mean | {b} Δ p50 vs baseline | {b} − {a} (p50) |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
var baseline = execResults[0].Samples.ToDictionary(p => p.Key, p => new Samples([.. p.Value.Select(x => x.Ms)]).P50);
foreach (var (scenario, samples) in execResults)
{
    var sa = new Samples([.. samples[a].Select(x => x.Ms)]);
    var sb = new Samples([.. samples[b].Select(x => x.Ms)]);
    string Delta(string node, Samples s) => scenario.Key == "baseline" ? "—" : Signed(s.P50 - baseline[node]);
    report.AppendLine($"| {scenario.Label} | {F(sa.P50)} | {F(sa.P(90))} | {F(sa.Ms.Average())} | {Delta(a, sa)} | {F(sb.P50)} | {F(sb.P(90))} | {F(sb.Ms.Average())} | {Delta(b, sb)} | {Signed(sb.P50 - sa.P50)} |");
}
var walls = string.Join(", ", execResults.Select(r => $"{r.Scenario.Key} {F(new Samples([.. r.Samples[a].Select(x => x.WallMs)]).P50)} / {F(new Samples([.. r.Samples[b].Select(x => x.WallMs)]).P50)}"));
report.AppendLine($"\nThe program's own run time inside the sandbox (`wall_time_ms` p50, {a} / {b}): {walls}.");

report.AppendLine($"\n### Upload (`POST /upload`, one file) and download (`GET /download`), p50 ms and MiB/s at p50\n");
report.AppendLine($"| transfer | runs | {a} p50 ms | {a} p90 ms | {a} MiB/s | {b} p50 ms | {b} p90 ms | {b} MiB/s | {b}/{a} time |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (sizeMb, count, samples) in transferResults)
{
    foreach (var (what, pick) in new (string, Func<(double Up, double Down), double>)[] { ("upload", x => x.Up), ("download", x => x.Down) })
    {
        var sa = new Samples([.. samples[a].Select(pick)]);
        var sb = new Samples([.. samples[b].Select(pick)]);
        report.AppendLine($"| {what} {sizeMb} MiB | {count} | {F(sa.P50)} | {F(sa.P(90))} | {F(sizeMb / (sa.P50 / 1000))} | {F(sb.P50)} | {F(sb.P(90))} | {F(sizeMb / (sb.P50 / 1000))} | {sb.P50 / sa.P50:0.00}× |");
    }
}

Console.WriteLine(report);
Directory.CreateDirectory(options.ResultsDir);
var file = Path.Combine(options.ResultsDir, $"storage-{DateTime.UtcNow:yyyy-MM-dd}{options.Tag}.json");
await File.WriteAllTextAsync(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(Path.ChangeExtension(file, ".md"), report.ToString());
Console.WriteLine($"wrote {file} and {Path.ChangeExtension(file, ".md")}");
foreach (var node in nodes)
{
    node.Dispose();
}

internal sealed record ExecScenario(string Key, string Label, bool WithInput, bool WithOutput, string Code);

internal readonly record struct ExecSample(double Ms, double WallMs);
