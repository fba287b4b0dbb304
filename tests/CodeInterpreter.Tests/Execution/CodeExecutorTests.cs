using System.Text;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Execution.WarmPool;
using CodeInterpreter.Files;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Execution;

/// <summary>Orchestration with a fake sandbox: what reaches the job, and what comes back. No process runs here.</summary>
public sealed class CodeExecutorTests
{
    private readonly InMemoryFileStore _store = new();
    private string? _sourceSeen;

    private (CodeExecutor Executor, FakeSandbox Sandbox) Create(DirectoryJob? job = null, ExecutionOptions? options = null)
    {
        var opts = Options.Create(options ?? new ExecutionOptions());
        var sandbox = new FakeSandbox(() => job ?? new DirectoryJob());
        var catalog = LanguageCatalog.Default;
        var languageOptions = Options.Create(new LanguageOptions { CacheDir = Directory.CreateTempSubdirectory("ci-cache-").FullName });
        var compiler = new Compiler(sandbox, new CompileCache(languageOptions, TimeProvider.System, NullLogger<CompileCache>.Instance), languageOptions);
        // The pool is off: these tests look at the cold path's orchestration.
        var gate = new ExecutionGate(opts);
        var pool = new WarmSandboxPool(sandbox, gate, Options.Create(new WarmPoolOptions { PythonSize = 0 }), opts, NullLogger<WarmSandboxPool>.Instance);
        var executor = new CodeExecutor(sandbox, gate, new InputFiles(_store, opts), new OutputCollector(_store, TestQuota.For(_store), opts), compiler, pool,
            new RuntimeProbe(catalog, NullLogger<RuntimeProbe>.Instance),
            new MatplotlibFontCache(languageOptions, NullLogger<MatplotlibFontCache>.Instance),
            opts, NullLogger<CodeExecutor>.Instance);
        return (executor, sandbox);
    }

    private static ExecutionRequest Python(string code = "print(1)", params string[] args) =>
        new() { Language = LanguageCatalog.Default.Find("py")!, Code = code, Args = args };

    [Fact]
    public async Task Source_GoesToTheCodeDir_AndArgvNamesItThenTheArgs()
    {
        var job = new DirectoryJob { OnRun = _ => { } };
        var (executor, _) = Create(job);
        var outcome = await executor.ExecuteAsync(Python("print('hé')", "a b", "c"), default);

        Assert.Equal(21, outcome.SessionId.Length);
        Assert.Equal(["/usr/bin/python3", "/code/main.py", "a b", "c"], job.LastCommand!.Command);
        Assert.Equal("Agg", job.LastCommand.Environment["MPLBACKEND"]);
        Assert.Equal(ExecutionStatus.Ok, outcome.Status);
    }

    [Fact]
    public async Task SourceFile_IsNeverAnOutput()
    {
        var job = new DirectoryJob { OnRun = work => File.WriteAllText(Path.Combine(work, "result.txt"), "42") };
        var (executor, _) = Create(job);
        var outcome = await executor.ExecuteAsync(Python(), default);
        Assert.Equal("result.txt", Assert.Single(outcome.Files).Name);
    }

    [Fact]
    public async Task FailedRun_RegistersNoFiles_AndReportsRE()
    {
        var job = new DirectoryJob
        {
            OnRun = work => File.WriteAllText(Path.Combine(work, "partial.csv"), "x"),
            Result = new SandboxResult { ExitCode = 1, Stdout = [], Stderr = Encoding.UTF8.GetBytes("Traceback"), Output = [] },
        };
        var (executor, _) = Create(job);
        var outcome = await executor.ExecuteAsync(Python(), default);
        Assert.Empty(outcome.Files);
        Assert.Equal(ExecutionStatus.RuntimeError, outcome.Status);
        Assert.Equal(0, _store.Puts);
    }

    [Fact]
    public async Task Timeout_IsReportedInStderr()
    {
        var job = new DirectoryJob { Result = new SandboxResult { ExitCode = 137, Signal = "SIGKILL", TimedOut = true, Stdout = [], Stderr = [], Output = [] } };
        var (executor, _) = Create(job, new ExecutionOptions { DefaultTimeoutSeconds = 3 });
        var outcome = await executor.ExecuteAsync(Python(), default);
        Assert.Equal(ExecutionStatus.Timeout, outcome.Status);
        Assert.Contains("Execution timed out after 3 s", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_AreWrittenIn_AndTheWorkDirIsSizedForThem()
    {
        var stored = await _store.PutAsync(Ids.New(), Ids.New(), "data.csv", new MemoryStream(new byte[1000]), default);
        var job = new DirectoryJob { OnRun = work => _sourceSeen = File.ReadAllText(Path.Combine(work, "in/data.csv")).Length.ToString() };
        var (executor, sandbox) = Create(job, new ExecutionOptions { WorkDirMb = 1 });
        var request = Python() with { Files = [new FileRef(stored.FileId, stored.SessionId, "in/data.csv")] };

        var outcome = await executor.ExecuteAsync(request, default);

        Assert.Equal("1000", _sourceSeen);
        Assert.Equal((1024 * 1024) + 1000, sandbox.Limits.Single().WorkDirBytes);
        Assert.True(Assert.Single(outcome.Files).Inherited);
    }

    [Fact]
    public async Task MissingInput_IsRefusedBeforeAnySandboxIsMade()
    {
        var (executor, sandbox) = Create();
        var request = Python() with { Files = [new FileRef(Ids.New(), Ids.New(), "gone.csv")] };
        var refused = await Assert.ThrowsAsync<ExecutionRefusedException>(() => executor.ExecuteAsync(request, default));
        Assert.Equal(ExecutionError.InputNotFound, refused.Error);
        Assert.Empty(sandbox.Limits);
    }

    [Fact]
    public async Task RequestTimeout_IsClampedToTheMaximum()
    {
        var (executor, sandbox) = Create(options: new ExecutionOptions { MaxTimeoutSeconds = 5 });
        await executor.ExecuteAsync(Python() with { TimeoutMs = 600_000 }, default);
        await executor.ExecuteAsync(Python() with { TimeoutMs = 1500 }, default);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1500)], sandbox.Limits.Select(l => l.WallTimeout));
    }
}
