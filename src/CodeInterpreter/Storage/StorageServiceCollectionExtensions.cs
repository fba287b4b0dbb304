using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFileStore"/> (local disk under <c>Storage:Root</c>), its validated options and the
    /// background expiry sweep.
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileStore, LocalFileStore>();
        services.AddMetrics();
        services.TryAddSingleton<StorageMetrics>();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }
}
