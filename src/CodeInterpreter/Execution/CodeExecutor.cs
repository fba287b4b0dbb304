using System.Diagnostics;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Files;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
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
    WarmPool.WarmSandboxPool warmPool,
    RuntimeProbe runtimes,
    MatplotlibFontCache fontCache,
    IOptions<ExecutionOptions> options,
    ILogger<CodeExecutor> logger,
    ExecutionMetrics? metrics = null,
    Workspaces.Workspaces? workspaces = null)
{
    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        if (sandbox.Status is { Available: false } status)
        {
            metrics?.SandboxSetupFailed();
            throw new ExecutionRefusedException(ExecutionError.SandboxUnavailable, string.Join("; ", status.Problems));
        }
        var language = request.Language;
        var runtime = await runtimes.GetAsync(language).ConfigureAwait(false);
        if (!runtime.Available)
        {
            throw new ExecutionRefusedException(ExecutionError.LanguageUnavailable,
                $"The {language.Code} toolchain is not installed on this server ({runtime.Version})");
        }
        // A stateful call takes its workspace's turn before anything else (a second call waits, then 409).
        await using var workspace = request.RuntimeSession is { } spec && workspaces is not null
            ? await workspaces.AttachAsync(spec, cancellationToken).ConfigureAwait(false)
            : null;
        var inputs = await inputFiles.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        // Inputs take host RAM until the job is gone: admission holds their bytes from the budget as long as the slot.
        var inputBytes = inputs.Values.Sum(i => i.Stored.Size) + (workspace?.Bytes ?? 0);
        using var slot = await gate.TryEnterAsync(inputBytes, cancellationToken).ConfigureAwait(false) ?? throw Refused();
        // The shutdown deadline stops a run like a client that went away: killed, then cleaned up.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gate.Aborted);
        try
        {
            return await AdmittedAsync(request, language, runtime, inputs, workspace, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (gate.Aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw ShutDown();
        }
    }

    private async Task<ExecutionOutcome> AdmittedAsync(ExecutionRequest request, LanguageSpec language, RuntimeInfo runtime,
        IReadOnlyDictionary<string, InputFile> inputs, Workspaces.AttachedWorkspace? workspace, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var source = language.PrepareSource(request.Code);
        var inputBytes = inputs.Values.Sum(i => i.Stored.Size) + (workspace?.Bytes ?? 0);
        var limits = ExecutionLimits.For(options.Value, request, inputBytes);
        var sessionId = Ids.New();
        CompileResult? compiled = null;
        try
        {
            if (language.IsCompiled)
            {
                compiled = await compiler.CompileAsync(language, source, runtime.Version, cancellationToken).ConfigureAwait(false);
                if (compiled.Failure is { } failure)
                {
                    return Finish(RunReport.CompileFailed(failure, sessionId, language.Code, runtime.Version), started);
                }
            }
            var outcome = await RunAsync(request, source, limits, compiled?.ArtifactDir, inputs, workspace, inputBytes, sessionId, runtime,
                cancellationToken).ConfigureAwait(false);
            if (outcome.Status is ExecutionStatus.Cancelled or ExecutionStatus.Internal && gate.Aborted.IsCancellationRequested)
            {
                Finish(outcome, started);
                throw ShutDown();
            }
            return Finish(outcome, started);
        }
        finally
        {
            compiled?.Dispose();
        }
    }

    private async Task<ExecutionOutcome> RunAsync(ExecutionRequest request, PreparedSource source, SandboxLimits limits, string? artifactDir,
        IReadOnlyDictionary<string, InputFile> inputs, Workspaces.AttachedWorkspace? workspace, long inputBytes, string sessionId,
        RuntimeInfo runtime, CancellationToken cancellationToken)
    {
        if (artifactDir is null && warmPool.TryTake(request.Language, inputBytes) is { } warm)
        {
            await using (warm.ConfigureAwait(false))
            {
                await PrepareAsync(warm.Job, source, artifactDir, inputs, workspace, cancellationToken).ConfigureAwait(false);
                var stdin = WarmPool.WarmRequest.Json($"{SandboxPaths.Code}/{source.FileName}", request.Args);
                var result = await warm.Run.ReleaseAsync(stdin, limits.WallTimeout, cancellationToken).ConfigureAwait(false);
                return await ReportAsync(warm.Job, result, request, limits, inputs, workspace, sessionId, runtime, cancellationToken).ConfigureAwait(false);
            }
        }
        await using var job = await CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        await PrepareAsync(job, source, artifactDir, inputs, workspace, cancellationToken).ConfigureAwait(false);
        var cold = await job.RunAsync(CommandFor(request, source, limits, artifactDir), cancellationToken).ConfigureAwait(false);
        return await ReportAsync(job, cold, request, limits, inputs, workspace, sessionId, runtime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The workspace's files, then the inputs (a ref wins over a workspace file of the same name) into /mnt/data and,
    /// for an interpreted language, the source into /code; before any code runs.
    /// </summary>
    private async Task PrepareAsync(ISandboxJob job, PreparedSource source, string? artifactDir, IReadOnlyDictionary<string, InputFile> inputs,
        Workspaces.AttachedWorkspace? workspace, CancellationToken cancellationToken)
    {
        if (workspace is not null)
        {
            await workspace.RestoreAsync(job, cancellationToken).ConfigureAwait(false);
        }
        await inputFiles.CopyInAsync(job, inputs, cancellationToken).ConfigureAwait(false);
        if (artifactDir is null)
        {
            await File.WriteAllTextAsync(Path.Combine(job.CodeDir, source.FileName), source.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ExecutionOutcome> ReportAsync(ISandboxJob job, SandboxResult result, ExecutionRequest request, SandboxLimits limits,
        IReadOnlyDictionary<string, InputFile> inputs, Workspaces.AttachedWorkspace? workspace, string sessionId, RuntimeInfo runtime,
        CancellationToken cancellationToken) =>
        await RunOutputs.ReportAsync(outputs, job, result, limits, inputs, workspace, sessionId, request.Language.Code, runtime.Version,
            Storage.Quota.QuotaOwner.Of(request.Credential, request.UserId), cancellationToken).ConfigureAwait(false);

    private async Task<ISandboxJob> CreateJobAsync(SandboxLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return await sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics?.SandboxSetupFailed();
            throw;
        }
    }

    private ExecutionRefusedException Refused()
    {
        var error = gate.IsDraining ? ExecutionError.ShuttingDown : ExecutionError.QueueFull;
        metrics?.Rejected(error);
        return new ExecutionRefusedException(error,
            error == ExecutionError.ShuttingDown ? "The service is shutting down" : "Too many executions are queued");
    }

    private static ExecutionRefusedException ShutDown() =>
        new(ExecutionError.ShuttingDown, "The execution was stopped because the service is shutting down; retry in a moment");

    private ExecutionOutcome Finish(ExecutionOutcome outcome, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        ExecutionLog.Finished(logger, outcome.Language, outcome.SessionId, outcome.Status, outcome.ExitCode,
            elapsed.TotalMilliseconds, outcome.Files.Count);
        metrics?.Finished(outcome, elapsed);
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
        if (language.UsesMatplotlibFontCache)
        {
            binds.AddRange(fontCache.Files.Select(f => new ReadOnlyBind(f.HostPath, f.SandboxPath)));
        }
        return new SandboxCommand(argv, language.Environment) { ReadOnlyBinds = binds };
    }
}
