using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Channels;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// One programmatic execution, alive across its round trips: the sandbox keeps running its program, frozen while the
/// client runs the tools (no CPU, no wall clock, no admission slot), thawed when the results come. Every way out ends
/// in one teardown: the program finished (reply), or it was abandoned, cancelled or the service stopped (no reply):
/// the run is killed, the job's cgroup, tmpfs, uid and workspace turn are released, and the execution is forgotten.
/// </summary>
internal sealed class ProgrammaticExecution
{
    private enum State
    {
        Running,
        Paused,
        Resuming,
        Ended,
    }

    private readonly ProgrammaticServices _services;
    private readonly ProgrammaticRequest _request;
    private readonly ExecutionParts _parts;
    private readonly Dictionary<string, ToolSpec> _tools;
    private readonly byte[] _caller;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _killed = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(ChannelMessage Message, List<ToolCall> Calls)> _waiting = [];
    private State _state = State.Running;
    private string? _tokenHash;
    private int _roundTrips;
    private int _calls;
    private ITimer? _abandon;
    private ProgrammaticFailure _failure;
    private string? _failureDetail;
    private int _tornDown;

    public ProgrammaticExecution(ProgrammaticServices services, ProgrammaticRequest request, ExecutionParts parts)
    {
        _services = services;
        _request = request;
        _parts = parts;
        _tools = request.Tools.ToDictionary(t => t.Identifier, StringComparer.Ordinal);
        _caller = SHA256.HashData(Encoding.UTF8.GetBytes(request.Caller));
    }

    /// <summary>Short id for logs (never a token).</summary>
    public string Id { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string SessionId => _parts.SessionId;

    public string? TokenHash
    {
        get
        {
            lock (_lock)
            {
                return _tokenHash;
            }
        }
    }

    public bool IsCaller(string caller) => CryptographicOperations.FixedTimeEquals(_caller, SHA256.HashData(Encoding.UTF8.GetBytes(caller)));

    /// <summary>Runs the program until it asks for tools or ends. The caller holds an admission slot; this releases it.</summary>
    public async Task<ProgrammaticStep> StepAsync(IDisposable slot, CancellationToken requestAborted)
    {
        var run = _parts.Run;
        List<ChannelMessage>? batch;
        // A client that goes away, or the shutdown deadline, kills the run; the step then reports it and tears down.
        using (requestAborted.Register(() => Kill(ProgrammaticFailure.Cancelled)))
        using (_services.Gate.Aborted.Register(() => Kill(ProgrammaticFailure.Cancelled)))
        {
            batch = await ToolCallCollector.NextAsync(_parts.Channel, run, _services.Time, _services.Options.MaxCallsPerRoundTrip + 1)
                .ConfigureAwait(false);
        }
        if (batch is not null && Accept(batch) is { } calls && Pause(calls, slot) is { } token)
        {
            return new ToolCallsStep(SessionId, RuntimeSession, token, calls);
        }
        var result = await run.Completion.ConfigureAwait(false);
        return await FinishAsync(result, slot).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims a paused execution for one continuation: only with its current token, only by its caller. The token of
    /// a continuation in progress answers Busy (409); any other token, or another caller, NotFound.
    /// </summary>
    public ContinuationStatus TryClaim(string tokenHash, string caller)
    {
        var sameCaller = IsCaller(caller);
        lock (_lock)
        {
            if (!sameCaller || _tokenHash is null || !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(tokenHash), Encoding.ASCII.GetBytes(_tokenHash)))
            {
                return ContinuationStatus.NotFound;
            }
            if (_state != State.Paused)
            {
                return _state == State.Ended ? ContinuationStatus.NotFound : ContinuationStatus.Busy;
            }
            _state = State.Resuming;
            _abandon?.Dispose();
            _abandon = null;
            return ContinuationStatus.Continued;
        }
    }

    /// <summary>After <see cref="TryClaim"/>: waits for a slot, hands the results to the program, runs to the next step.</summary>
    public async Task<ProgrammaticStep> ContinueAsync(IReadOnlyList<ToolResult> results, CancellationToken requestAborted)
    {
        IDisposable? slot;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _killed.Token);
            slot = await _services.Gate.EnterAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await EndAsync("cancelled while waiting for a slot").ConfigureAwait(false);
            throw;
        }
        if (slot is null)
        {
            await EndAsync("the service is shutting down").ConfigureAwait(false);
            throw new ExecutionRefusedException(ExecutionError.ShuttingDown, "The service is shutting down; the execution was stopped");
        }
        lock (_lock)
        {
            _state = State.Running;
        }
        Answer(results);
        _parts.Run.Resume();
        ProgrammaticLog.Resumed(_services.Logger, Id, _roundTrips);
        return await StepAsync(slot, requestAborted).ConfigureAwait(false);
    }

    /// <summary>Cancel (the client's cancel request, the shutdown): a running program is killed, a paused one torn down.</summary>
    public async Task CancelAsync(string why)
    {
        bool paused;
        lock (_lock)
        {
            if (_state == State.Ended)
            {
                return;
            }
            paused = _state == State.Paused;
            if (paused)
            {
                _state = State.Ended;
            }
        }
        Kill(ProgrammaticFailure.Cancelled);
        if (paused)
        {
            ProgrammaticLog.Ended(_services.Logger, Id, why);
            await TeardownAsync().ConfigureAwait(false);
        }
    }

    private void Kill(ProgrammaticFailure failure)
    {
        lock (_lock)
        {
            if (_failure == ProgrammaticFailure.None)
            {
                _failure = failure;
            }
        }
        try
        {
            _killed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _parts.Run.Kill();
    }

    /// <summary>The calls of a batch, or null (and the run killed) when the batch breaks a rule.</summary>
    private List<ToolCall>? Accept(List<ChannelMessage> batch)
    {
        var calls = new List<(ChannelMessage Message, List<ToolCall> Calls)>();
        var total = 0;
        foreach (var message in batch)
        {
            if (ToolCallProtocol.Parse(message.Payload) is not { } sent)
            {
                return Refuse(ProgrammaticFailure.InvalidMessage, null);
            }
            if (sent.Count == 0)
            {
                return Refuse(ProgrammaticFailure.EmptyBatch, null);
            }
            total += sent.Count;
            if (total > _services.Options.MaxCallsPerRoundTrip || batch.Count > _services.Options.MaxCallsPerRoundTrip)
            {
                return Refuse(ProgrammaticFailure.TooManyCalls, total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            var mapped = new List<ToolCall>();
            foreach (var call in sent)
            {
                if (!_tools.TryGetValue(call.Identifier, out var tool))
                {
                    return Refuse(ProgrammaticFailure.UnregisteredTool, Printable(call.Identifier));
                }
                mapped.Add(new ToolCall($"call_{++_calls:000}", tool.Name, call.Input));
            }
            calls.Add((message, mapped));
        }
        if (_roundTrips + 1 > _services.Options.MaxRoundTrips)
        {
            return Refuse(ProgrammaticFailure.TooManyRoundTrips, null);
        }
        _waiting.AddRange(calls);
        return [.. calls.SelectMany(c => c.Calls)];
    }

    private List<ToolCall>? Refuse(ProgrammaticFailure failure, string? detail)
    {
        _failureDetail = detail;
        ProgrammaticLog.Refused(_services.Logger, Id, failure);
        Kill(failure);
        return null;
    }

    /// <summary>Freezes the run, gives up the slot, and waits for the client under the result-wait limit.</summary>
    private string? Pause(List<ToolCall> calls, IDisposable slot)
    {
        var token = ContinuationTokens.New(_services.Node.Id);
        var hash = ContinuationTokens.Hash(token);
        lock (_lock)
        {
            if (_state != State.Running || _parts.Run.Completion.IsCompleted)
            {
                return null;
            }
            _parts.Run.Pause();
            _roundTrips++;
            var previous = _tokenHash;
            _tokenHash = hash;
            _state = State.Paused;
            _services.Registry.Rekey(this, previous, hash);
            _abandon = _services.Time.CreateTimer(_ => _ = AbandonAsync(hash), null, _services.Options.ResultWait, Timeout.InfiniteTimeSpan);
        }
        slot.Dispose();
        ProgrammaticLog.Paused(_services.Logger, Id, calls.Count, _roundTrips);
        return token;
    }

    private async Task AbandonAsync(string hash)
    {
        lock (_lock)
        {
            if (_state != State.Paused || _tokenHash != hash)
            {
                return;
            }
            _state = State.Ended;
        }
        Kill(ProgrammaticFailure.Cancelled);
        ProgrammaticLog.Abandoned(_services.Logger, Id, _services.Options.ResultWaitSeconds);
        await TeardownAsync().ConfigureAwait(false);
    }

    private async Task EndAsync(string why)
    {
        lock (_lock)
        {
            if (_state == State.Ended)
            {
                return;
            }
            _state = State.Ended;
        }
        Kill(ProgrammaticFailure.Cancelled);
        ProgrammaticLog.Ended(_services.Logger, Id, why);
        await TeardownAsync().ConfigureAwait(false);
    }

    /// <summary>Hands each waiting line its results, in the order of its calls; a call without a result gets an error.</summary>
    private void Answer(IReadOnlyList<ToolResult> results)
    {
        var byId = new Dictionary<string, ToolResult>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            byId.TryAdd(result.CallId, result);
        }
        var maxBytes = _services.Options.MaxResultKb * 1024L;
        foreach (var (message, calls) in _waiting)
        {
            var answers = calls.Select(call => byId.TryGetValue(call.Id, out var r) ? AnswerOf(r, maxBytes) : (false, null, "the client sent no result for this call"));
            _ = message.ReplyAsync(ToolCallProtocol.Reply(answers));
        }
        _waiting.Clear();
    }

    private static (bool Ok, JsonElement? Value, string? Error) AnswerOf(ToolResult result, long maxBytes)
    {
        if (result.IsError)
        {
            return (false, null, string.IsNullOrEmpty(result.ErrorMessage) ? "the tool failed" : result.ErrorMessage);
        }
        if (result.Result is { } value && Encoding.UTF8.GetByteCount(value.GetRawText()) > maxBytes)
        {
            return (false, null, $"the tool's result is larger than {maxBytes / 1024} KiB and was not passed on");
        }
        return (true, result.Result, null);
    }

    private async Task<ProgrammaticStep> FinishAsync(SandboxResult result, IDisposable slot)
    {
        try
        {
            lock (_lock)
            {
                _state = State.Ended;
            }
            var outcome = await RunOutputs.ReportAsync(_services.Outputs, _parts.Job, result, _parts.Limits, _parts.Inputs, _parts.Workspace,
                SessionId, _request.Run.Language.Code, _parts.Runtime.Version, Storage.Quota.QuotaOwner.Of(_request.Run.Credential, _request.Run.UserId),
                CancellationToken.None).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(_started);
            ProgrammaticLog.Finished(_services.Logger, Id, outcome.Status, _failure, _roundTrips, elapsed.TotalMilliseconds);
            _services.Metrics?.Finished(outcome, elapsed);
            return new FinishedStep(outcome, _failure, _failureDetail);
        }
        finally
        {
            slot.Dispose();
            await TeardownAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Once: the run, the job (uid, tmpfs, cgroup, channel), the workspace's turn, the permit, the registry entry.</summary>
    private async Task TeardownAsync()
    {
        if (Interlocked.Exchange(ref _tornDown, 1) == 1)
        {
            return;
        }
        lock (_lock)
        {
            _abandon?.Dispose();
            _abandon = null;
        }
        try
        {
            await _parts.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _services.Registry.Remove(this);
            _killed.Dispose();
        }
    }

    private RuntimeSessionInfo? RuntimeSession =>
        _parts.Workspace is { } w ? new RuntimeSessionInfo(w.RuntimeSessionId, w.Reused) : null;

    private static string Printable(string name) =>
        string.Concat(name.Take(80).Select(c => char.IsControl(c) ? '?' : c));
}

/// <summary>Everything one execution owns, disposed together: the run first, then the job, the workspace, the permit.</summary>
internal sealed class ExecutionParts : IAsyncDisposable
{
    public required string SessionId { get; init; }
    public required ISandboxJob Job { get; init; }
    public required ISandboxChannel Channel { get; init; }
    public required ILiveRun Run { get; init; }
    public required SandboxLimits Limits { get; init; }
    public required IReadOnlyDictionary<string, InputFile> Inputs { get; init; }
    public required RuntimeInfo Runtime { get; init; }
    public Workspaces.AttachedWorkspace? Workspace { get; init; }
    public required IDisposable Permit { get; init; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Run.DisposeAsync().ConfigureAwait(false);
            await Job.DisposeAsync().ConfigureAwait(false);
            if (Workspace is not null)
            {
                await Workspace.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Permit.Dispose();
        }
    }
}
