namespace CodeInterpreter.Languages;

public static class LanguagesServiceCollectionExtensions
{
    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddOptions<LanguageOptions>().BindConfiguration("Languages");
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
