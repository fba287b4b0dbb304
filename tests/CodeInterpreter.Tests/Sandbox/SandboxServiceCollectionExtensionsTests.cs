using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RealSandbox = CodeInterpreter.Sandbox.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

public sealed class SandboxServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSandbox();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddSandbox_BindsOptionsAndRegistersOneSandbox()
    {
        using var provider = Build(new() { ["Sandbox:JobsRoot"] = "/var/lib/ci/jobs", ["Sandbox:UidSlots"] = "7" });

        Assert.Equal(7, provider.GetRequiredService<IOptions<SandboxOptions>>().Value.UidSlots);
        Assert.Same(provider.GetRequiredService<RealSandbox>(), provider.GetRequiredService<ISandbox>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is SandboxStartup);
    }

    [Fact]
    public void AddSandbox_RejectsAMissingJobsRoot()
    {
        using var provider = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SandboxOptions>>().Value);
        Assert.Contains("JobsRoot", error.Message, StringComparison.Ordinal);
    }
}
