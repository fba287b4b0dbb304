using CodeInterpreter.Files;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Channels;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>What every execution of this node shares.</summary>
internal sealed record ProgrammaticServices(
    ProgrammaticOptions Options, ExecutionGate Gate, OutputCollector Outputs, ProgrammaticRegistry Registry, NodeIdentity Node,
    TimeProvider Time, ILogger Logger, ExecutionMetrics? Metrics);

/// <summary>
/// Programmatic tool calling: starts an execution (admission like /exec, plus a cap on live executions), continues a
/// paused one with the client's tool results, cancels one. Admission: a running program holds a CPU slot of the
/// <see cref="ExecutionGate"/>; a paused one is frozen and holds none (but keeps its uid, memory and work dir, which is
/// why live executions are capped by <see cref="ProgrammaticOptions.MaxExecutions"/>). A continuation waits for a slot
/// like a queued run, but the queue limit never turns it away: it was admitted once.
/// </summary>
public sealed class ProgrammaticExecutor : IHostedLifecycleService, IDisposable
{
    private readonly ISandbox _sandbox;
    private readonly InputFiles _inputFiles;
    private readonly RuntimeProbe _runtimes;
    private readonly MatplotlibFontCache _fontCache;
    private readonly IOptions<ExecutionOptions> _execution;
    private readonly Workspaces.Workspaces? _workspaces;
    private readonly ProgrammaticServices _services;
    private readonly SemaphoreSlim _permits;

    public ProgrammaticExecutor(ISandbox sandbox, ExecutionGate gate, InputFiles inputFiles, OutputCollector outputs, RuntimeProbe runtimes,
        MatplotlibFontCache fontCache, IOptions<ExecutionOptions> execution, IOptions<ProgrammaticOptions> options, NodeIdentity node,
        TimeProvider time, ILogger<ProgrammaticExecutor> logger, ExecutionMetrics? metrics = null, Workspaces.Workspaces? workspaces = null)
    {
        _sandbox = sandbox;
        _inputFiles = inputFiles;
        _runtimes = runtimes;
        _fontCache = fontCache;
        _execution = execution;
        _workspaces = workspaces;
        _services = new ProgrammaticServices(options.Value, gate, outputs, new ProgrammaticRegistry(), node, time, logger, metrics);
        _permits = new SemaphoreSlim(options.Value.MaxExecutions, Math.Max(1, options.Value.MaxExecutions));
    }

    /// <summary>This node's id, as continuation tokens name it.</summary>
    public string NodeId => _services.Node.Id;

    /// <summary>Live executions (running or paused) on this node.</summary>
    public int Live => _services.Registry.Count;

    /// <summary>Starts the program and runs it to its first tool calls or its end.</summary>
    public async Task<ProgrammaticStep> StartAsync(ProgrammaticRequest request, CancellationToken cancellationToken)
    {
        if (_sandbox.Status is { Available: false } status)
        {
            throw new ExecutionRefusedException(ExecutionError.SandboxUnavailable, string.Join("; ", status.Problems));
        }
        var language = request.Run.Language;
        var runtime = await _runtimes.GetAsync(language).ConfigureAwait(false);
        if (!runtime.Available)
        {
            throw new ExecutionRefusedException(ExecutionError.LanguageUnavailable,
                $"The {language.Code} toolchain is not installed on this server ({runtime.Version})");
        }
        if (!_permits.Wait(0))
        {
            _services.Metrics?.Rejected(ExecutionError.QueueFull);
            throw new ExecutionRefusedException(ExecutionError.QueueFull, "Too many programmatic executions are alive on this node");
        }
        var owned = new Owned(new Permit(_permits));
        try
        {
            return await StartOwnedAsync(request, runtime, owned, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await owned.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ProgrammaticStep> StartOwnedAsync(ProgrammaticRequest request, RuntimeInfo runtime, Owned owned,
        CancellationToken cancellationToken)
    {
        var workspace = request.Run.RuntimeSession is { } spec && _workspaces is not null
            ? await _workspaces.AttachAsync(spec, cancellationToken).ConfigureAwait(false)
            : null;
        owned.Workspace = workspace;
        var inputs = await _inputFiles.ResolveAsync(request.Run, cancellationToken).ConfigureAwait(false);
        var inputBytes = inputs.Values.Sum(i => i.Stored.Size) + (workspace?.Bytes ?? 0);
        // The inputs stay in the work dir while the run is paused and holds no slot: their budget is held for its life.
        owned.Inputs = await _services.Gate.TakeInputsAsync(inputBytes, cancellationToken).ConfigureAwait(false) ?? throw Refused();
        var slot = await _services.Gate.TryEnterAsync(cancellationToken).ConfigureAwait(false) ?? throw Refused();
        owned.Slot = slot;
        var limits = ExecutionLimits.For(_execution.Value, request.Run, inputBytes);
        var job = await _sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        owned.Job = job;
        var channel = job.OpenChannel(new ChannelLimits(_services.Options.MaxCallBatchKb * 1024, _services.Options.MaxCallsPerRoundTrip + 1));
        if (workspace is not null)
        {
            await workspace.RestoreAsync(job, cancellationToken).ConfigureAwait(false);
        }
        await _inputFiles.CopyInAsync(job, inputs, cancellationToken).ConfigureAwait(false);
        var (argv, environment) = await ProgrammaticPrograms.WriteAsync(job.CodeDir, request, cancellationToken).ConfigureAwait(false);
        var binds = request.Run.Language.UsesMatplotlibFontCache
            ? [.. _fontCache.Files.Select(f => new ReadOnlyBind(f.HostPath, f.SandboxPath))]
            : new List<ReadOnlyBind>();
        var run = await job.StartLiveAsync(new SandboxCommand(argv, environment) { ReadOnlyBinds = binds }, cancellationToken).ConfigureAwait(false);
        owned.Run = run;
        var parts = new ExecutionParts
        {
            SessionId = Ids.New(),
            Job = job,
            Channel = channel,
            Run = run,
            Limits = limits,
            Inputs = inputs,
            Runtime = runtime,
            Workspace = workspace,
            Permit = owned.Lifetime,
        };
        var execution = new ProgrammaticExecution(_services, request, parts);
        owned.Handed();
        _services.Registry.Add(execution);
        _services.Registry.AddRequest(request.RequestId, execution);
        ProgrammaticLog.Started(_services.Logger, execution.Id, request.Run.Language.Code, request.Tools.Count, execution.SessionId);
        return await execution.StepAsync(slot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continues the paused execution this token names, for this caller only.</summary>
    public async Task<ContinuationResult> ContinueAsync(string token, string caller, IReadOnlyList<ToolResult> results, string? requestId,
        CancellationToken cancellationToken)
    {
        var hash = ContinuationTokens.Hash(token);
        if (_services.Registry.ByTokenHash(hash) is not { } execution)
        {
            ProgrammaticLog.ContinuationRefused(_services.Logger, "no execution has this token");
            return new ContinuationResult(ContinuationStatus.NotFound);
        }
        var claim = execution.TryClaim(hash, caller);
        if (claim != ContinuationStatus.Continued)
        {
            ProgrammaticLog.ContinuationRefused(_services.Logger, claim == ContinuationStatus.Busy
                ? "another continuation of the execution is in progress" : "the token is not this caller's, or no longer current");
            return new ContinuationResult(claim);
        }
        _services.Registry.AddRequest(requestId, execution);
        return new ContinuationResult(ContinuationStatus.Continued,
            await execution.ContinueAsync(results, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Cancels the execution whose request (initial or continuation) had this id, if the caller owns it.</summary>
    public async Task<bool> CancelAsync(string requestId, string caller)
    {
        if (_services.Registry.ByRequest(requestId) is not { } execution || !execution.IsCaller(caller))
        {
            return false;
        }
        await execution.CancelAsync("cancelled by the client").ConfigureAwait(false);
        return true;
    }

    private ExecutionRefusedException Refused()
    {
        var error = _services.Gate.IsDraining ? ExecutionError.ShuttingDown : ExecutionError.QueueFull;
        _services.Metrics?.Rejected(error);
        return new ExecutionRefusedException(error,
            error == ExecutionError.ShuttingDown ? "The service is shutting down" : "Too many executions are queued");
    }

    /// <summary>At shutdown a paused program can never be continued (nothing new is admitted): end them all now.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        foreach (var execution in _services.Registry.All)
        {
            await execution.CancelAsync("the service is shutting down").ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _permits.Dispose();

    private sealed class Permit(SemaphoreSlim permits) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                permits.Release();
            }
        }
    }

    /// <summary>What a start holds until an execution takes it over; released in reverse order if the start fails.</summary>
    private sealed class Owned(IDisposable permit) : IAsyncDisposable
    {
        private bool _handed;

        public IDisposable Permit { get; } = permit;
        public IDisposable? Inputs { get; set; }
        public Workspaces.AttachedWorkspace? Workspace { get; set; }

        /// <summary>What the execution holds until it ends: its permit and its input budget.</summary>
        public IDisposable Lifetime => new Both(Permit, Inputs);
        public IDisposable? Slot { get; set; }
        public ISandboxJob? Job { get; set; }
        public ILiveRun? Run { get; set; }

        /// <summary>The execution owns everything now, except the slot, which its first step releases.</summary>
        public void Handed() => _handed = true;

        public async ValueTask DisposeAsync()
        {
            if (_handed)
            {
                return;
            }
            Slot?.Dispose();
            if (Run is not null)
            {
                await Run.DisposeAsync().ConfigureAwait(false);
            }
            if (Job is not null)
            {
                await Job.DisposeAsync().ConfigureAwait(false);
            }
            if (Workspace is not null)
            {
                await Workspace.DisposeAsync().ConfigureAwait(false);
            }
            Inputs?.Dispose();
            Permit.Dispose();
        }
    }

    private sealed class Both(IDisposable first, IDisposable? second) : IDisposable
    {
        public void Dispose()
        {
            second?.Dispose();
            first.Dispose();
        }
    }
}
