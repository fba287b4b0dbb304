using CodeInterpreter.Storage.Local;
using CodeInterpreter.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFileStore"/> — local disk under <c>Storage:Root</c>, or an S3 bucket when
    /// <c>Storage:Backend</c> is <c>s3</c> — its validated options, a startup check and the background expiry sweep.
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileStore>(sp =>
            string.Equals(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Backend, StorageBackends.S3, StringComparison.OrdinalIgnoreCase)
                ? ActivatorUtilities.CreateInstance<S3FileStore>(sp)
                : ActivatorUtilities.CreateInstance<LocalFileStore>(sp));
        // Both stores keep the service's own objects (peers, workspaces) beside the session files.
        services.TryAddSingleton<IStateStore>(sp => sp.GetRequiredService<IFileStore>() as IStateStore
            ?? throw new InvalidOperationException("The registered file store keeps no state objects."));
        services.AddMetrics();
        services.TryAddSingleton<StorageMetrics>();
        services.TryAddSingleton(sp => new Quota.StorageQuota(sp.GetRequiredService<IFileStore>(),
            sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Quota.StorageQuota>>(), sp.GetService<StorageMetrics>()));
        services.AddHostedService<StorageStartup>();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }
}
