using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Languages;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution.Programmatic;

/// <summary>The programmatic executor over fakes: the test plays the program through the job's channel and run.</summary>
internal sealed class ProgrammaticHarness
{
    public ProgrammaticHarness(ProgrammaticOptions? options = null, int concurrency = 2, TimeProvider? time = null)
    {
        var execution = Options.Create(new ExecutionOptions { MaxConcurrency = concurrency, QueueLimit = 4 });
        Gate = new ExecutionGate(execution);
        var languageOptions = Options.Create(new LanguageOptions { CacheDir = Directory.CreateTempSubdirectory("ci-cache-").FullName });
        Executor = new ProgrammaticExecutor(Sandbox, Gate, new InputFiles(Store, execution), new OutputCollector(Store, TestQuota.For(Store), execution),
            new RuntimeProbe(LanguageCatalog.Default, NullLogger<RuntimeProbe>.Instance),
            new MatplotlibFontCache(languageOptions, NullLogger<MatplotlibFontCache>.Instance), execution,
            Options.Create(options ?? new ProgrammaticOptions()), new NodeIdentity(), time ?? TimeProvider.System,
            NullLogger<ProgrammaticExecutor>.Instance);
    }

    public LiveSandbox Sandbox { get; } = new();
    public InMemoryFileStore Store { get; } = new();
    public ExecutionGate Gate { get; }
    public ProgrammaticExecutor Executor { get; }

    public static ProgrammaticRequest Request(string caller = "key:owner", string language = "py", params string[] tools) => new()
    {
        Run = new ExecutionRequest { Language = LanguageCatalog.Default.Find(language)!, Code = "print(1)" },
        Tools = [.. (tools.Length == 0 ? ["get_weather", "web-search"] : tools)
            .Select(t => new ToolSpec(t, language == "py" ? ToolIdentifiers.Python(t) : ToolIdentifiers.Bash(t), null))],
        Caller = caller,
        RequestId = Guid.NewGuid().ToString(),
    };

    /// <summary>The n-th job once its run has started (the executor works asynchronously up to there).</summary>
    public async Task<LiveJob> JobAsync(int index = 0)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(5))
        {
            lock (Sandbox.Jobs)
            {
                if (Sandbox.Jobs.Count > index && Sandbox.Jobs[index].Command is not null)
                {
                    return Sandbox.Jobs[index];
                }
            }
        }
        throw new TimeoutException("the execution did not start its run");
    }

    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(10))
        {
            if (condition())
            {
                return;
            }
        }
        Assert.Fail($"timed out waiting: {what}");
    }
}
