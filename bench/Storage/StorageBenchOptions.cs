using System.Globalization;

namespace CodeInterpreter.Bench;

/// <summary>Command line of the storage benchmark; bench/storage.sh fills in the nodes it started.</summary>
internal sealed record StorageBenchOptions
{
    public List<(string Name, Uri Url)> Nodes { get; } = [];
    public string Key { get; init; } = "";
    public int Iterations { get; init; } = 20;
    public int LargeIterations { get; init; } = 10;
    public int Warmup { get; init; } = 3;
    public string Tag { get; init; } = "";
    public string ResultsDir { get; init; } = "bench/results";
    public string Conditions { get; init; } = "";

    public static StorageBenchOptions Parse(string[] args)
    {
        var options = new StorageBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int(int minimum) => Math.Max(minimum, int.Parse(Next(), CultureInfo.InvariantCulture));
            options = args[i] switch
            {
                "--node" => WithNode(options, Next()),
                "--key" => options with { Key = Next() },
                "--iterations" => options with { Iterations = Int(20) },
                "--large-iterations" => options with { LargeIterations = Int(10) },
                "--warmup" => options with { Warmup = Int(0) },
                "--tag" => options with { Tag = "-" + Next() },
                "--results" => options with { ResultsDir = Next() },
                "--conditions" => options with { Conditions = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]} (known: --node name=url --key K --iterations N --large-iterations N --warmup N --tag T --results DIR --conditions TEXT)"),
            };
        }
        if (options.Nodes.Count != 2 || options.Key.Length == 0)
        {
            throw new ArgumentException("give two --node name=http://host:port/v1/ and --key");
        }
        return options;
    }

    private static StorageBenchOptions WithNode(StorageBenchOptions options, string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var url = value[(eq + 1)..];
        options.Nodes.Add((value[..eq], new Uri(url.EndsWith('/') ? url : url + "/")));
        return options;
    }

    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} cores, {cpu}, {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {Environment.OSVersion}";
    }
}
