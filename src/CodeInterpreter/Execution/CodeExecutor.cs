using System.Diagnostics;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>
/// One execution end to end: resolve inputs, wait for a slot, build a fresh sandbox job, copy inputs in,
/// run, store outputs under a new session, tear the job down.
/// </summary>
public sealed class CodeExecutor(
    ISandbox sandbox,
    ExecutionGate gate,
    InputFiles inputFiles,
    OutputCollector outputs,
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
        var inputs = await inputFiles.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        using var slot = await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ExecutionRefusedException(ExecutionError.QueueFull, "Too many executions are queued");

        var started = Stopwatch.GetTimestamp();
        var limits = ExecutionLimits.For(options.Value, request, inputs.Values.Sum(i => i.Stored.Size));
        await using var job = await sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        await inputFiles.CopyInAsync(job, inputs, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(job.CodeDir, request.Language.SourceFileName), request.Code, cancellationToken)
            .ConfigureAwait(false);

        var result = await job.RunAsync(CommandFor(request), cancellationToken).ConfigureAwait(false);
        var sessionId = Ids.New();
        var ranCleanly = result is { ExitCode: 0, TimedOut: false, OutOfMemory: false, Cancelled: false, StdoutTruncated: false, StderrTruncated: false };
        var (files, notes) = ranCleanly
            ? await outputs.CollectAsync(job, inputs, sessionId, cancellationToken).ConfigureAwait(false)
            : ([], []);

        var runtime = await runtimes.GetAsync(request.Language).ConfigureAwait(false);
        var outcome = RunReport.Build(result, limits, sessionId, request.Language.Code, runtime.Version, files, notes);
        ExecutionLog.Finished(logger, request.Language.Code, sessionId, outcome.Status ?? "ok", outcome.ExitCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, files.Count);
        return outcome;
    }

    private SandboxCommand CommandFor(ExecutionRequest request)
    {
        var language = request.Language;
        var source = $"{SandboxPaths.Code}/{language.SourceFileName}";
        List<string> argv = [.. language.RunArgv.Select(a => a == LanguageCatalog.SourcePlaceholder ? source : a), .. request.Args];
        var binds = language.Code == "py"
            ? fontCache.Files.Select(f => new ReadOnlyBind(f.HostPath, f.SandboxPath)).ToList()
            : [];
        return new SandboxCommand(argv, language.Environment) { ReadOnlyBinds = binds };
    }
}
