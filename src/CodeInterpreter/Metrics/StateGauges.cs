using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Compilation;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Execution.WarmPool;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;
using Prometheus;

namespace CodeInterpreter.Metrics;

/// <summary>
/// Values read at scrape time, the way /health reads them: admission (running, queued, slots, draining), the
/// compile cache, the sandbox, the warm Python pool and what the local store holds (walked at most every 30 s).
/// </summary>
internal sealed class StateGauges
{
    private static readonly TimeSpan s_storageRefresh = TimeSpan.FromSeconds(30);

    private readonly ExecutionGate _gate;
    private readonly CompileCache _cache;
    private readonly ISandbox _sandbox;
    private readonly WarmSandboxPool _warmPool;
    private readonly string _storageRoot;
    private readonly TimeProvider _time;
    private readonly Gauge _running, _queued, _slots, _draining, _sandboxUp, _entries, _cacheBytes, _sessions, _files, _bytes, _warmReady;
    private readonly ProgrammaticExecutor _programmatic;
    private readonly Execution.Workspaces.Workspaces _workspaces;
    private readonly Gauge _programmaticLive, _workspacesBusy;
    private readonly Counter _hits, _misses, _compiles, _warmHits, _warmMisses;
    private readonly bool _measuresStorage;
    private StorageUsage? _usage;
    private long _usageAt;

    public StateGauges(CollectorRegistry registry, ExecutionGate gate, CompileCache cache, ISandbox sandbox, WarmSandboxPool warmPool,
        IOptions<StorageOptions> storage, TimeProvider time, ProgrammaticExecutor programmatic, Execution.Workspaces.Workspaces workspaces)
    {
        (_gate, _cache, _sandbox, _warmPool, _storageRoot, _time) = (gate, cache, sandbox, warmPool, storage.Value.Root, time);
        (_programmatic, _workspaces) = (programmatic, workspaces);
        // A shared bucket is not walked from every node at every scrape; the store's own metrics cover it.
        _measuresStorage = string.Equals(storage.Value.Backend, StorageBackends.Local, StringComparison.OrdinalIgnoreCase);
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _running = f.CreateGauge("code_interpreter_executions_running", "Executions holding a sandbox slot now");
        _queued = f.CreateGauge("code_interpreter_execution_queue_depth", "Executions waiting for a slot now");
        _slots = f.CreateGauge("code_interpreter_execution_slots", "Executions that can run at once (CODE_MAX_CONCURRENCY)");
        _draining = f.CreateGauge("code_interpreter_draining", "1 while the service shuts down and admits no new executions");
        _sandboxUp = f.CreateGauge("code_interpreter_sandbox_available", "1 when the sandbox can run code (as /health)");
        _warmHits = f.CreateCounter("code_interpreter_warm_pool_hits_total", "Python runs served by a pre-warmed sandbox");
        _warmMisses = f.CreateCounter("code_interpreter_warm_pool_misses_total", "Python runs that found no warm sandbox ready and ran cold");
        _warmReady = f.CreateGauge("code_interpreter_warm_pool_ready", "Warm sandboxes waiting for a run");
        _hits = f.CreateCounter("code_interpreter_compile_cache_hits_total", "Compiled-language runs served from the compile cache");
        _misses = f.CreateCounter("code_interpreter_compile_cache_misses_total", "Compiled-language runs that were not in the compile cache");
        _compiles = f.CreateCounter("code_interpreter_compiles_total", "Compiler invocations");
        _entries = f.CreateGauge("code_interpreter_compile_cache_entries", "Entries in the compile cache");
        _cacheBytes = f.CreateGauge("code_interpreter_compile_cache_bytes", "Bytes in the compile cache");
        _sessions = f.CreateGauge("code_interpreter_stored_sessions", "Sessions with stored files");
        _files = f.CreateGauge("code_interpreter_stored_files", "Stored files");
        _bytes = f.CreateGauge("code_interpreter_stored_bytes", "Bytes of stored files");
        _programmaticLive = f.CreateGauge("code_interpreter_programmatic_executions",
            "Programmatic tool calling executions alive on this node, running or paused for tool results");
        _workspacesBusy = f.CreateGauge("code_interpreter_runtime_sessions_busy", "Runtime-session workspaces with a call running or waiting on this node");
        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        _running.Set(_gate.Running);
        _queued.Set(_gate.Waiting);
        _slots.Set(_gate.Capacity);
        _draining.Set(_gate.IsDraining ? 1 : 0);
        _sandboxUp.Set(_sandbox.Status.Available ? 1 : 0);
        var stats = _cache.Stats;
        _hits.IncTo(stats.Hits);
        _misses.IncTo(stats.Misses);
        _compiles.IncTo(stats.Compiles);
        _entries.Set(stats.Entries);
        _cacheBytes.Set(stats.Bytes);
        _warmHits.IncTo(_warmPool.Hits);
        _warmMisses.IncTo(_warmPool.Misses);
        _warmReady.Set(_warmPool.Ready);
        _programmaticLive.Set(_programmatic.Live);
        _workspacesBusy.Set(_workspaces.Busy);
        if (!_measuresStorage)
        {
            return;
        }
        var usage = Usage();
        _sessions.Set(usage.Sessions);
        _files.Set(usage.Files);
        _bytes.Set(usage.Bytes);
    }

    private StorageUsage Usage()
    {
        if (_usage is null || _time.GetElapsedTime(_usageAt) >= s_storageRefresh)
        {
            _usage = StorageUsage.Measure(_storageRoot);
            _usageAt = _time.GetTimestamp();
        }
        return _usage;
    }
}
