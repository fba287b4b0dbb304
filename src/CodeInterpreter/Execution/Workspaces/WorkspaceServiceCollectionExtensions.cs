using CodeInterpreter.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Workspaces;

public static class WorkspaceServiceCollectionExtensions
{
    /// <summary>Stateful runtime sessions: validated options, the workspaces (idle TTL = session TTL by default) and their sweeper.</summary>
    public static IServiceCollection AddRuntimeSessions(this IServiceCollection services)
    {
        services.AddOptions<WorkspaceOptions>().BindConfiguration("Workspaces").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new Workspaces(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IOptions<WorkspaceOptions>>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.SessionTtl, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Workspaces>>()));
        services.AddHostedService<WorkspaceSweeper>();
        return services;
    }
}
