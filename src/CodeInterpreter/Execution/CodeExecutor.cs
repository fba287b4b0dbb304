using System.Diagnostics;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// One execution end to end: resolve inputs, wait for a slot, compile (cached, in a sandbox of its own), build a
/// fresh sandbox job, copy inputs in, run, store outputs under a new session, tear the job down.
/// </summary>
public sealed class CodeExecutor(
    ISandbox sandbox,
    ExecutionGate gate,
    InputFiles inputFiles,
    OutputCollector outputs,
    Compiler compiler,
    RuntimeProbe runtimes,
    MatplotlibFontCache fontCache,
    IOptions<ExecutionOptions> options,
    ILogger<CodeExecutor> logger)
{
    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        if (sandbox.Status is { Available: false } status)
        {
            throw new ExecutionRefusedException(ExecutionError.SandboxUnavailable, string.Join("; ", status.Problems));
        }
        var language = request.Language;
        var runtime = await runtimes.GetAsync(language).ConfigureAwait(false);
        if (!runtime.Available)
        {
            throw new ExecutionRefusedException(ExecutionError.LanguageUnavailable,
                $"The {language.Code} toolchain is not installed on this server ({runtime.Version})");
        }
        var inputs = await inputFiles.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        using var slot = await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ExecutionRefusedException(ExecutionError.QueueFull, "Too many executions are queued");

        var started = Stopwatch.GetTimestamp();
        var source = language.PrepareSource(request.Code);
        var limits = ExecutionLimits.For(options.Value, request, inputs.Values.Sum(i => i.Stored.Size));
        var sessionId = Ids.New();
        CompileResult? compiled = null;
        try
        {
            if (language.Compile is not null)
            {
                compiled = await compiler.CompileAsync(language, source, runtime.Version, cancellationToken).ConfigureAwait(false);
                if (compiled.Failure is { } failure)
                {
                    return Finish(RunReport.CompileFailed(failure, sessionId, language.Code, runtime.Version), started);
                }
            }
            var outcome = await RunAsync(request, source, limits, compiled?.ArtifactDir, inputs, sessionId, runtime, cancellationToken)
                .ConfigureAwait(false);
            return Finish(outcome, started);
        }
        finally
        {
            compiled?.Dispose();
        }
    }

    private async Task<ExecutionOutcome> RunAsync(ExecutionRequest request, PreparedSource source, SandboxLimits limits, string? artifactDir,
        IReadOnlyDictionary<string, InputFile> inputs, string sessionId, RuntimeInfo runtime, CancellationToken cancellationToken)
    {
        await using var job = await sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        await inputFiles.CopyInAsync(job, inputs, cancellationToken).ConfigureAwait(false);
        if (artifactDir is null)
        {
            await File.WriteAllTextAsync(Path.Combine(job.CodeDir, source.FileName), source.Text, cancellationToken).ConfigureAwait(false);
        }
        var result = await job.RunAsync(CommandFor(request, source, limits, artifactDir), cancellationToken).ConfigureAwait(false);
        var ranCleanly = result is { ExitCode: 0, TimedOut: false, OutOfMemory: false, Cancelled: false, StdoutTruncated: false, StderrTruncated: false };
        var (files, notes) = ranCleanly
            ? await outputs.CollectAsync(job, inputs, sessionId, cancellationToken).ConfigureAwait(false)
            : ([], []);
        return RunReport.Build(result, limits, sessionId, request.Language.Code, runtime.Version, files, notes);
    }

    private ExecutionOutcome Finish(ExecutionOutcome outcome, long started)
    {
        ExecutionLog.Finished(logger, outcome.Language, outcome.SessionId, outcome.Status ?? "ok", outcome.ExitCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.Files.Count);
        return outcome;
    }

    private SandboxCommand CommandFor(ExecutionRequest request, PreparedSource source, SandboxLimits limits, string? artifactDir)
    {
        var language = request.Language;
        List<string> argv = [.. language.RunArgv.Select(a => Argv.Substitute(a, source, limits)), .. request.Args];
        List<ReadOnlyBind> binds = [];
        if (artifactDir is not null)
        {
            binds.Add(new ReadOnlyBind(artifactDir, Argv.ArtifactDir));
        }
        if (language.Code == "py")
        {
            binds.AddRange(fontCache.Files.Select(f => new ReadOnlyBind(f.HostPath, f.SandboxPath)));
        }
        return new SandboxCommand(argv, language.Environment) { ReadOnlyBinds = binds };
    }
}
