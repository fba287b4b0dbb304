using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Languages;

public static class LanguagesServiceCollectionExtensions
{
    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddOptions<LanguageOptions>().BindConfiguration("Languages").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LanguageOptions>, LanguageOptionsValidator>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LanguageOptions>>().Value;
            return LanguageCatalog.Create(options.EsbuildPath ?? LanguageOptions.FindEsbuild());
        });
        services.AddSingleton<RuntimeProbe>();
        services.AddSingleton<MatplotlibFontCache>();
        services.AddHostedService(sp => sp.GetRequiredService<MatplotlibFontCache>());
        return services;
    }
}
