using System.Collections.Concurrent;
using System.Text.Json;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>
/// Compiled artifacts by content address under <c>&lt;cache dir&gt;/compile/&lt;key&gt;/</c>: surviving restarts,
/// capped in size with least-recently-used eviction (never of an entry a run is using), and one compile for
/// identical requests that arrive together. Compiler failures are cached too (a rerun shows the same diagnostics);
/// timeouts and OOM kills are not.
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
    private readonly ConcurrentDictionary<string, Lazy<Task<SandboxResult?>>> _inFlight = new(StringComparer.Ordinal);
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _compiles;

    public CompileCache(IOptions<LanguageOptions> options, TimeProvider time, ILogger<CompileCache> logger)
    {
        _root = Path.Combine(options.Value.CacheDir, "compile");
        _capacity = options.Value.CompileCacheMb * 1024L * 1024L;
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
    /// artifact into the directory it is given and returns null on success or the failed compiler run.
    /// </summary>
    public async Task<CompileResult> GetOrCompileAsync(string key, Func<string, Task<SandboxResult?>> compile, CancellationToken cancellationToken)
    {
        if (TryLease(key) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var run = _inFlight.GetOrAdd(key, k => new Lazy<Task<SandboxResult?>>(() => CompileAndStoreAsync(k, compile)));
        SandboxResult? failure;
        try
        {
            failure = await run.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, run));
        }
        // Stored (or a cacheable failure): lease it. A timeout or OOM is not stored and comes back as is.
        return TryLease(key) is { } fresh ? fresh with { FromCache = false } : new CompileResult(null, failure, NoLease.Instance, false);
    }

    private async Task<SandboxResult?> CompileAndStoreAsync(string key, Func<string, Task<SandboxResult?>> compile)
    {
        var staging = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(staging, ArtifactDirName), Readable);
        try
        {
            var failure = await compile(Path.Combine(staging, ArtifactDirName)).ConfigureAwait(false);
            if (failure is not null && !IsCacheable(failure))
            {
                return failure;
            }
            if (failure is not null)
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, FailureFileName),
                    JsonSerializer.SerializeToUtf8Bytes(CachedFailure.From(failure), CompileCacheJsonContext.Default.CachedFailure)).ConfigureAwait(false);
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
    /// The compiler said no: the same source gives the same diagnostics. A kill by a limit may not repeat, and a
    /// sandbox that could not start (bwrap's or its init's own error) says nothing about the source.
    /// </summary>
    private static bool IsCacheable(SandboxResult r) =>
        r is { TimedOut: false, OutOfMemory: false, Cancelled: false, StdoutTruncated: false, StderrTruncated: false, Signal: null }
        && !r.Stderr.AsSpan().StartsWith("bwrap:"u8) && !r.Stderr.AsSpan().StartsWith("sandbox-init:"u8);

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
        return new CompileResult(failure is null ? Path.Combine(dir, ArtifactDirName) : null, failure, new Lease(this, key), FromCache: true);
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

    private static SandboxResult? ReadFailure(string dir)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dir, FailureFileName)), CompileCacheJsonContext.Default.CachedFailure)?.ToResult();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return new SandboxResult { ExitCode = 1, Stdout = [], Stderr = "the cached compiler output could not be read"u8.ToArray(), Output = [] };
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

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
