using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CodeInterpreter.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CodeInterpreter.OpenApi;

/// <summary>
/// GET /openapi.json (no key needed): ASP.NET Core's built-in OpenAPI 3.1 document, completed from
/// <see cref="OpenApiContract"/>. Routes are listed once, at the root; the <c>/v1</c> copies are the second server.
/// </summary>
internal static class OpenApiDocumentSetup
{
    public const string Path = "/openapi.json";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddOpenApi();
        services.AddOptions<OpenApiOptions>("v1").Configure<IOptions<ApiOptions>>((options, api) =>
        {
            var pathPrefix = api.Value.PathPrefix;
            var prefix = pathPrefix.Trim('/');
            options.ShouldInclude = d => prefix.Length == 0 || d.RelativePath?.StartsWith(prefix + "/", StringComparison.Ordinal) != true;
            options.AddDocumentTransformer((document, _, _) => DescribeServer(document, pathPrefix));
            var contract = new OpenApiContractOperations();
            options.AddOperationTransformer(contract);
            options.AddDocumentTransformer(contract);
            options.AddSchemaTransformer((schema, _, _) => NumbersAreNumbers(schema));
            options.AddSchemaTransformer((schema, context, _) => OmittedIsOptional(schema, context.JsonTypeInfo));
        });
        return services;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi(Path);
        return app;
    }

    private static Task DescribeServer(OpenApiDocument document, string pathPrefix)
    {
        document.Info = new OpenApiInfo
        {
            Title = "LibreChat Code Interpreter",
            Version = typeof(OpenApiDocumentSetup).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Description = "Runs code in a sandbox and keeps per-session files, for LibreChat's code tool (both client generations). "
                + "Every route is served at the root and under the path prefix.",
        };
        document.Servers = pathPrefix is "" or "/"
            ? [new OpenApiServer { Url = "/" }]
            : [new OpenApiServer { Url = pathPrefix }, new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            ["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key",
                Description = "LibreChat <= 0.8.5; if present it alone decides",
            },
            ["Basic"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "basic",
                Description = "base64(KEY:), what a client sends for a base URL http://KEY@host:8700/v1 (LibreChat >= 0.8.6)",
            },
            ["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "The API key, or LibreChat's signed JWT (EdDSA or RS256) when CODE_JWT_PUBLIC_KEYS is set",
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The generator follows ASP.NET Core's web JSON defaults, which read numbers from strings too ("type":
    /// ["integer","string"] with a digits pattern). The contract's bodies go through <c>ApiJsonContext</c>, which
    /// neither reads nor writes numbers as strings: say so.
    /// </summary>
    private static Task NumbersAreNumbers(OpenApiSchema schema)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>A property left out when null (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>) is not required.</summary>
    private static Task OmittedIsOptional(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (schema.Required is { Count: > 0 } required && type.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in type.Properties.Where(p => p.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                .OfType<JsonIgnoreAttribute>().Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true))
            {
                required.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }
}
