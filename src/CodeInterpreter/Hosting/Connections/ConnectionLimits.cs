using CodeInterpreter.Execution;
using CodeInterpreter.Execution.WarmPool;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting.Connections;

/// <summary>
/// Bounded connections: in all (Kestrel's limit and <see cref="ConnectionGuard"/>), per client address
/// (<see cref="ConnectionGuard"/>), idle ones closed after the keep-alive timeout, and a file-descriptor limit
/// raised to its hard value and checked against what the connections and the runs may need.
/// </summary>
internal static class ConnectionLimits
{
    public static IServiceCollection AddConnectionLimits(this IServiceCollection services)
    {
        services.AddOptions<ConnectionOptions>().BindConfiguration("Connections").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectionOptions>, ConnectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectionLog>();
        services.TryAddSingleton(provider => Budget(provider));
        services.TryAddSingleton(provider => new ConnectionGuard(provider.GetRequiredService<DescriptorBudget>(),
            provider.GetRequiredService<IOptions<ConnectionOptions>>().Value.MaxConnectionsPerAddress,
            [.. TrustedProxies.Parse(provider.GetRequiredService<IOptions<ServerOptions>>().Value.TrustedProxies)],
            provider.GetRequiredService<ConnectionLog>()));
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) =>
        {
            // Kestrel's options are built with the server, before StartupCheck runs: a bad setting must not throw here
            // (with a stack trace) but be left to StartupCheck, which names it and exits 78 before the server starts.
            if (Valid(provider) is not { } valid)
            {
                return;
            }
            var (guard, budget, options) = valid;
            kestrel.Limits.MaxConcurrentConnections = budget.KestrelLimit;
            // Nothing here upgrades a connection (no WebSockets): an upgrade would escape the request limits.
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(options.KeepAliveTimeoutSeconds);
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(guard.Wrap));
        });
        return services;
    }

    private static (ConnectionGuard, DescriptorBudget, ConnectionOptions)? Valid(IServiceProvider provider)
    {
        try
        {
            return (provider.GetRequiredService<ConnectionGuard>(), provider.GetRequiredService<DescriptorBudget>(),
                provider.GetRequiredService<IOptions<ConnectionOptions>>().Value);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>Raises the descriptor limit and logs the budget, once, at startup (after the settings were checked).</summary>
    public static WebApplication ReportConnectionBudget(this WebApplication app)
    {
        var budget = app.Services.GetRequiredService<DescriptorBudget>();
        var options = app.Services.GetRequiredService<IOptions<ConnectionOptions>>().Value;
        app.Services.GetRequiredService<ConnectionLog>().Budget(budget, options.MaxConnectionsPerAddress, options.KeepAliveTimeoutSeconds,
            DescriptorLimit.OpenNow());
        return app;
    }

    private static DescriptorBudget Budget(IServiceProvider provider)
    {
        var (soft, hard) = DescriptorLimit.RaiseSoftToHard();
        var runs = provider.GetRequiredService<IOptions<ExecutionOptions>>().Value.MaxConcurrency
            + provider.GetRequiredService<IOptions<WarmPoolOptions>>().Value.PythonSize;
        return DescriptorBudget.Compute(soft, hard, runs, provider.GetRequiredService<IOptions<ConnectionOptions>>().Value.MaxConnections);
    }
}
