using CodeInterpreter.Storage;
using CodeInterpreter.Storage.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ci-storage-di-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void AddFileStore_BindsOptionsAndRegistersStoreAndSweeper()
    {
        using var services = Build(new() { ["Storage:Root"] = _root, ["Storage:SessionTtl"] = "2.00:00:00" });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<LocalFileStore>(services.GetRequiredService<IFileStore>());
        Assert.Same(services.GetRequiredService<IFileStore>(), services.GetRequiredService<IFileStore>());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is ExpirySweeper);
        Assert.Equal(TimeSpan.FromDays(2), services.GetRequiredService<IOptions<StorageOptions>>().Value.SessionTtl);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddFileStore_InvalidOptions_FailStartupValidation()
    {
        using var services = Build(new() { ["Storage:SweepInterval"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Root", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SweepInterval", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddFileStore();
        return services.BuildServiceProvider();
    }
}
