namespace CodeInterpreter.Languages;

public static class LanguagesServiceCollectionExtensions
{
    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddOptions<LanguageOptions>().BindConfiguration("Languages");
        services.AddSingleton(LanguageCatalog.Default);
        services.AddSingleton<RuntimeProbe>();
        services.AddSingleton<MatplotlibFontCache>();
        services.AddHostedService(sp => sp.GetRequiredService<MatplotlibFontCache>());
        return services;
    }
}
