using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ISandbox"/>, its options (section "Sandbox", validated at start) and its startup preparation.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Sandbox>();
        services.TryAddSingleton<ISandbox>(sp => sp.GetRequiredService<Sandbox>());
        services.AddHostedService<SandboxStartup>();
        return services;
    }
}
