using System.Globalization;

namespace CodeInterpreter.Bench;

internal sealed record BenchOptions
{
    public int Iterations { get; init; } = 60;
    public int Warmup { get; init; } = 5;
    public int HeavyIterations { get; init; } = 10;
    public int LoadRequests { get; init; } = 120;
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 2, 4, 8, 16];
    public IReadOnlySet<string>? Languages { get; init; }
    public string Tag { get; init; } = "";
    public Dictionary<string, string> ServiceEnvironment { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            options = args[i] switch
            {
                "--iterations" => options with { Iterations = Math.Max(50, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--heavy" => options with { HeavyIterations = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--load" => options with { LoadRequests = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--langs" => options with { Languages = Next().Split(',').ToHashSet() },
                "--tag" => options with { Tag = "-" + Next() },
                "--env" => With(options, Next()),
                _ => throw new ArgumentException($"unknown option {args[i]} (known: --iterations N --heavy N --load N --langs a,b --tag T --env K=V)"),
            };
        }
        return options;
    }

    private static BenchOptions With(BenchOptions options, string assignment)
    {
        var (name, value) = (assignment[..assignment.IndexOf('=')], assignment[(assignment.IndexOf('=') + 1)..]);
        options.ServiceEnvironment[name] = value;
        return options;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeInterpreter.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run from the checkout");
    }

    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
        return $"{Environment.ProcessorCount} cores, {cpu}, {Environment.OSVersion}";
    }
}
