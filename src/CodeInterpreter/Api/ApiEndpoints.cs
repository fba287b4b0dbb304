using CodeInterpreter.Auth;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Api.Limits;
using CodeInterpreter.Api.Programmatic;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api;

/// <summary>The route table: every contract route at the root and under the configured prefix (/v1).</summary>
public static class ApiEndpoints
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.AddRequestLimits();
        // Continuations that reach the wrong node go to the right one; a paused program may wait for minutes.
        services.AddHttpClient(ContinuationForwarder.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ContinuationForwarder>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        return services;
    }

    public static WebApplication MapCodeInterpreterApi(this WebApplication app)
    {
        var prefix = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.PathPrefix;
        foreach (var root in prefix is "" or "/" ? [""] : new[] { "", prefix })
        {
            app.MapGroup(root)
                .AddEndpointFilter<ApiKeyFilter>()
                .MapExecApi()
                .MapProgrammaticApi()
                .MapUploadApi()
                .MapFilesApi()
                .MapDownloadApi();
        }
        return app;
    }
}
