using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Execution.Workspaces;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

public static class ExecutionServiceCollectionExtensions
{
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.AddOptions<ExecutionOptions>().BindConfiguration("Execution").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExecutionOptions>, ExecutionOptionsValidator>());
        services.AddSingleton<ExecutionGate>();
        services.AddSingleton<InputFiles>();
        services.AddSingleton<OutputCollector>();
        services.AddSingleton<Compilation.CompileCache>();
        services.AddSingleton<Compilation.Compiler>();
        services.AddMetrics();
        services.AddSingleton<ExecutionMetrics>();
        services.AddOptions<WarmPool.WarmPoolOptions>().BindConfiguration("WarmPool");
        services.AddSingleton<WarmPool.WarmSandboxPool>();
        services.AddHostedService(sp => sp.GetRequiredService<WarmPool.WarmSandboxPool>());
        services.AddSingleton<CodeExecutor>();
        services.AddRuntimeSessions();
        services.AddProgrammaticToolCalling();
        return services;
    }
}
