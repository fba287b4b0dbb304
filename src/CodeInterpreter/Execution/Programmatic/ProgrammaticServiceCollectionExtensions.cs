using CodeInterpreter.Execution.Programmatic.Peers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Programmatic;

public static class ProgrammaticServiceCollectionExtensions
{
    /// <summary>Programmatic tool calling: the executor (also a lifecycle service, to end paused programs at shutdown) and the peer registry.</summary>
    public static IServiceCollection AddProgrammaticToolCalling(this IServiceCollection services)
    {
        services.AddOptions<ProgrammaticOptions>().BindConfiguration("Programmatic").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProgrammaticOptions>, ProgrammaticOptionsValidator>());
        services.TryAddSingleton<NodeIdentity>();
        services.TryAddSingleton<ProgrammaticExecutor>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgrammaticExecutor>());
        services.TryAddSingleton<PeerRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<PeerRegistry>());
        return services;
    }
}
