using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>API keys, Basic and Bearer (JWT) authentication, and the failed-authentication throttle.</summary>
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration("Auth").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<JwtVerifier>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<FailedAuthThrottle>();
        services.TryAddSingleton<ApiKeyFilter>();
        return services;
    }
}
