namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>One service instance shared by every test class in <see cref="ServiceCollection"/>.</summary>
public class ServiceFixture : IAsyncLifetime
{
    public ServiceFixture()
        : this(new Dictionary<string, string>())
    {
    }

    protected ServiceFixture(IReadOnlyDictionary<string, string> environment) => Service = new ServiceProcess(environment);

    public ServiceProcess Service { get; }

    public Task InitializeAsync() => Service.StartAsync();

    public Task DisposeAsync() => Service.DisposeAsync().AsTask();
}

/// <summary>A second instance with tight limits, for the tests that need them.</summary>
public sealed class LimitsFixture : ServiceFixture
{
    public const int TimeoutSeconds = 3;
    public const int MaxTimeoutSeconds = 5;
    public const int MemoryMb = 256;
    public const int MaxOutputFiles = 3;
    public const int MaxUploadMb = 1;

    public LimitsFixture()
        : base(new Dictionary<string, string>
        {
            ["CODE_TIMEOUT_SECONDS"] = $"{TimeoutSeconds}",
            ["CODE_MAX_TIMEOUT_SECONDS"] = $"{MaxTimeoutSeconds}",
            ["CODE_MEMORY_MB"] = $"{MemoryMb}",
            ["CODE_MAX_OUTPUT_FILES"] = $"{MaxOutputFiles}",
            ["CODE_MAX_UPLOAD_MB"] = $"{MaxUploadMb}",
            // One slot and no queue, so a second concurrent run is refused with 429 at once.
            ["CODE_MAX_CONCURRENCY"] = "1",
            ["CODE_QUEUE_LIMIT"] = "0",
        })
    {
    }
}

/// <summary>
/// An instance whose compile cache holds only 1 MiB (CODE_COMPILE_CACHE_MB=1), so that a few fat binaries force LRU
/// eviction; its own instance, so the counters it reports move only with the cache tests.
/// </summary>
public sealed class CompileCacheFixture : ServiceFixture
{
    public const int CacheMb = 1;

    public CompileCacheFixture()
        : base(new Dictionary<string, string> { ["CODE_COMPILE_CACHE_MB"] = $"{CacheMb}" })
    {
    }
}

/// <summary>An instance whose TypeScript toolchain is missing (CODE_ESBUILD_PATH names no file): "ts" is unavailable.</summary>
public sealed class MissingToolchainFixture : ServiceFixture
{
    public const string MissingLanguage = "ts";

    public MissingToolchainFixture()
        : base(new Dictionary<string, string> { ["CODE_ESBUILD_PATH"] = "/nonexistent/esbuild" })
    {
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "Service";
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsFixture>
{
    public const string Name = "Limits";
}

[CollectionDefinition(Name)]
public sealed class CompileCacheCollection : ICollectionFixture<CompileCacheFixture>
{
    public const string Name = "CompileCache";
}

[CollectionDefinition(Name)]
public sealed class MissingToolchainCollection : ICollectionFixture<MissingToolchainFixture>
{
    public const string Name = "MissingToolchain";
}
