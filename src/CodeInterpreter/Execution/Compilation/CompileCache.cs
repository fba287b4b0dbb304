using System.Text.Json;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>
/// Compiled artifacts by content address under <c>&lt;cache dir&gt;/compile/&lt;key&gt;/</c>: surviving restarts,
/// capped in size with least-recently-used eviction (never of an entry a run is using), and one compile for
/// identical requests that arrive together (see <see cref="Flight"/>: it is cancelled when the last request waiting
/// for it leaves). Compiler failures are cached too (a rerun shows the same diagnostics), and so are compiles killed
/// at the compile timeout or memory limit, until that limit is raised.
/// </summary>
public sealed partial class CompileCache
{
    private const string ArtifactDirName = "artifact";
    private const string FailureFileName = "failure.json";
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _root;
    private readonly long _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger<CompileCache> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);
    private readonly LanguageOptions _limits;
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _compiles;

    public CompileCache(IOptions<LanguageOptions> options, TimeProvider time, ILogger<CompileCache> logger)
    {
        _root = Path.Combine(options.Value.CacheDir, "compile");
        _capacity = options.Value.CompileCacheMb * 1024L * 1024L;
        _limits = options.Value;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(TempRoot, Readable);
        File.SetUnixFileMode(_root, Readable);
        Load();
    }

    private string TempRoot => Path.Combine(_root, ".tmp");

    public CompileCacheStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _compiles),
                    _entries.Count, _bytes, _capacity);
            }
        }
    }

    /// <summary>Counts a real compiler invocation (the tests assert a cache hit does not make one).</summary>
    internal void CountCompile() => Interlocked.Increment(ref _compiles);

    /// <summary>
    /// The cached result for <paramref name="key"/>, or the result of <paramref name="compile"/>, which writes the
    /// artifact into the directory it is given and returns null on success or the failed compiler run. Requests for
    /// one key share one compile; when every one of them has gone (<paramref name="cancellationToken"/>), the compile
    /// is cancelled and the last to leave waits until its sandbox is gone, so a compile never runs without a request
    /// holding an admission slot for it.
    /// </summary>
    public async Task<CompileResult> GetOrCompileAsync(string key, Func<string, CancellationToken, Task<SandboxResult?>> compile,
        CancellationToken cancellationToken)
    {
        if (TryLease(key) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var flight = Join(key, compile);
        SandboxResult? failure;
        try
        {
            failure = await flight.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await LeaveAsync(key, flight, cancelled: true).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await LeaveAsync(key, flight, cancelled: false).ConfigureAwait(false);
            throw;
        }
        await LeaveAsync(key, flight, cancelled: false).ConfigureAwait(false);
        // Stored (or a cacheable failure): lease it. A cancelled or broken compile is not stored and comes back as is.
        return TryLease(key) is { } fresh ? fresh with { FromCache = false } : new CompileResult(null, failure, NoLease.Instance, false);
    }

    /// <summary>Compiles running now for requests that wait for them.</summary>
    public int InFlight
    {
        get
        {
            lock (_inFlight)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>The running compile of <paramref name="key"/> with one more waiter, or a new one (a cancelled one is never joined).</summary>
    private Flight Join(string key, Func<string, CancellationToken, Task<SandboxResult?>> compile)
    {
        lock (_inFlight)
        {
            if (!_inFlight.TryGetValue(key, out var flight))
            {
                flight = new Flight();
                var token = flight.Token;
                flight.Result = Task.Run(() => CompileAndStoreAsync(key, compile, token), CancellationToken.None);
                _inFlight[key] = flight;
            }
            flight.Waiters++;
            return flight;
        }
    }

    /// <summary>
    /// One waiter less. The last one takes the flight off the table; if it leaves because it was cancelled, it cancels
    /// the compile (killing its sandbox) and waits for the teardown, still holding the admission slot of its request.
    /// </summary>
    private async Task LeaveAsync(string key, Flight flight, bool cancelled)
    {
        lock (_inFlight)
        {
            if (--flight.Waiters > 0)
            {
                return;
            }
            _inFlight.Remove(key);
            if (!cancelled || flight.Result.IsCompleted)
            {
                return;
            }
            flight.Cancel();
        }
        CompileCacheLog.Abandoned(_logger, key[..12]);
        try
        {
            await flight.Result.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The compile stopped as it was told to (or failed on its way down); nobody waits for its result.
        }
    }

    private async Task<SandboxResult?> CompileAndStoreAsync(string key, Func<string, CancellationToken, Task<SandboxResult?>> compile,
        CancellationToken cancellationToken)
    {
        var staging = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(staging, ArtifactDirName), Readable);
        try
        {
            var failure = await compile(Path.Combine(staging, ArtifactDirName), cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested || (failure is not null && !IsCacheable(failure)))
            {
                return failure;
            }
            if (failure is not null)
            {
                var record = CachedFailure.From(failure, _limits.CompileTimeoutSeconds, _limits.CompileMemoryMb);
                await File.WriteAllBytesAsync(Path.Combine(staging, FailureFileName),
                    JsonSerializer.SerializeToUtf8Bytes(record, CompileCacheJsonContext.Default.CachedFailure), CancellationToken.None).ConfigureAwait(false);
            }
            Publish(key, staging);
            return failure;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>
    /// The compiler said no: the same source gives the same diagnostics. A compile killed at the compile timeout or
    /// memory limit is remembered too, or resubmitting a slow program would cost a whole compile timeout each time
    /// (remembered with the limits it hit: see <see cref="IsStale"/>). A cancelled compile says nothing about the
    /// source, nor does a sandbox that could not start (bwrap's or its init's own error) or a kill for flooding the output.
    /// </summary>
    private static bool IsCacheable(SandboxResult r) =>
        !r.Cancelled && !r.Stderr.AsSpan().StartsWith("bwrap:"u8) && !r.Stderr.AsSpan().StartsWith("sandbox-init:"u8)
        && (r.TimedOut || r.OutOfMemory || r is { StdoutTruncated: false, StderrTruncated: false, Signal: null });

    /// <summary>A remembered kill under a lower limit than today's: the program may compile now.</summary>
    private bool IsStale(CachedFailure failure) =>
        (failure.TimedOut && failure.TimeoutSeconds < _limits.CompileTimeoutSeconds)
        || (failure.OutOfMemory && failure.MemoryMb < _limits.CompileMemoryMb);

    private void Publish(string key, string staging)
    {
        var target = Path.Combine(_root, key);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            return; // another process of the same data dir stored it first
        }
        var size = SizeOf(target);
        lock (_lock)
        {
            _entries[key] = new Entry(size, _time.GetUtcNow());
            _bytes += size;
        }
        CompileCacheLog.Stored(_logger, key[..12], size);
        Trim();
    }

    private CompileResult? TryLease(string key)
    {
        Entry? entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry))
            {
                return null;
            }
            entry.Leases++;
            entry.LastUsed = _time.GetUtcNow();
        }
        var dir = Path.Combine(_root, key);
        TryTouch(dir);
        var failure = File.Exists(Path.Combine(dir, FailureFileName)) ? ReadFailure(dir) : null;
        if (failure is not null && IsStale(failure))
        {
            Release(key);
            Forget(key);
            return null;
        }
        return new CompileResult(failure is null ? Path.Combine(dir, ArtifactDirName) : null, failure?.ToResult(), new Lease(this, key), FromCache: true);
    }

    /// <summary>Drops an entry no run holds (a stale remembered kill), so the next request compiles again.</summary>
    private void Forget(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Leases > 0)
            {
                return;
            }
            _entries.Remove(key);
            _bytes -= entry.Size;
        }
        TryDelete(Path.Combine(_root, key));
    }

    private void Release(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Leases--;
            }
        }
        Trim();
    }

    /// <summary>Evicts least recently used entries that no run holds until the total fits the cap.</summary>
    private void Trim()
    {
        List<string> evicted = [];
        lock (_lock)
        {
            while (_bytes > _capacity && _entries.Where(e => e.Value.Leases == 0).MinBy(e => e.Value.LastUsed) is { Key: { } key } oldest)
            {
                _entries.Remove(key);
                _bytes -= oldest.Value.Size;
                evicted.Add(key);
            }
        }
        foreach (var key in evicted)
        {
            TryDelete(Path.Combine(_root, key));
            CompileCacheLog.Evicted(_logger, key[..12]);
        }
    }

    private void Load()
    {
        foreach (var dir in Directory.EnumerateDirectories(TempRoot))
        {
            TryDelete(dir);
        }
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            var key = Path.GetFileName(dir);
            if (key.Length != 64)
            {
                continue;
            }
            var size = SizeOf(dir);
            _entries[key] = new Entry(size, Directory.GetLastWriteTimeUtc(dir));
            _bytes += size;
        }
        Trim();
    }

    private static CachedFailure? ReadFailure(string dir)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dir, FailureFileName)), CompileCacheJsonContext.Default.CachedFailure);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return new CachedFailure(1, [], "the cached compiler output could not be read"u8.ToArray());
        }
    }

    private static long SizeOf(string dir) =>
        new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static void TryTouch(string dir)
    {
        try
        {
            Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow);
        }
        catch (IOException)
        {
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private sealed class Entry(long size, DateTimeOffset lastUsed)
    {
        public long Size { get; } = size;
        public DateTimeOffset LastUsed { get; set; } = lastUsed;
        public int Leases { get; set; }
    }

    private sealed class Lease(CompileCache cache, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                cache.Release(key);
            }
        }
    }

    /// <summary>One compile and the requests waiting for it (guarded by the in-flight table's lock).</summary>
    private sealed class Flight
    {
        private readonly CancellationTokenSource _cancel = new();

        public Task<SandboxResult?> Result { get; set; } = null!;
        public int Waiters { get; set; }
        public CancellationToken Token => _cancel.Token;

        public void Cancel() => _cancel.Cancel();
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
