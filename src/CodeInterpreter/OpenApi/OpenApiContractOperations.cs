using System.Text.Json.Nodes;
using CodeInterpreter.Api.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CodeInterpreter.OpenApi;

/// <summary>
/// Request bodies, every reply and the security of each route, from the contract table. Routes the framework does not
/// describe itself (the health endpoint is the framework's health-check middleware, not a route handler) are added.
/// </summary>
internal sealed class OpenApiContractOperations : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    private delegate Task<OpenApiSchema> SchemaSource(Type type, CancellationToken cancellationToken);

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (OpenApiContract.Find(description.HttpMethod ?? "", "/" + description.RelativePath) is { } route)
        {
            await DescribeAsync(operation, route, context.Document!,
                (type, ct) => context.GetOrCreateSchemaAsync(type, null, ct), cancellationToken);
        }
    }

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var route in OpenApiContract.Routes.Where(r => !document.Paths.ContainsKey(r.Path)))
        {
            var operation = new OpenApiOperation();
            await DescribeAsync(operation, route, document, (type, ct) => context.GetOrCreateSchemaAsync(type, null, ct), cancellationToken);
            document.Paths[route.Path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Parse(route.Method)] = operation },
            };
        }
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiContract.Route route, OpenApiDocument document,
        SchemaSource schemas, CancellationToken cancellationToken)
    {
        operation.Summary = route.Summary;
        operation.Responses = [];
        foreach (var (status, reply) in route.Replies.OrderBy(r => r.Key))
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                await ReplyAsync(reply, document, schemas, cancellationToken);
        }
        operation.RequestBody = route.Request switch
        {
            OpenApiContract.RequestBody.Json => new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await SchemaAsync(route.JsonBody ?? typeof(ExecRequestBody), document, schemas, cancellationToken) },
                },
            },
            OpenApiContract.RequestBody.Multipart => MultipartBody(),
            _ => operation.RequestBody,
        };
        if (route.Path == "/files/{sessionId}")
        {
            DescribeDetail(operation);
        }
        operation.Security = route.Authenticated
            ? [Requirement("ApiKey", document), Requirement("Basic", document), Requirement("Bearer", document)]
            : [];
    }

    private static async Task<IOpenApiResponse> ReplyAsync(OpenApiContract.Reply reply, OpenApiDocument document, SchemaSource schemas,
        CancellationToken cancellationToken)
    {
        IOpenApiSchema schema;
        string mediaType = "application/json";
        if (reply.OneOf is { } types)
        {
            var options = new List<IOpenApiSchema>();
            foreach (var type in types)
            {
                options.Add(await SchemaAsync(type, document, schemas, cancellationToken));
            }
            schema = new OpenApiSchema { OneOf = options };
        }
        else if (reply.Type is { } type)
        {
            schema = await SchemaAsync(type, document, schemas, cancellationToken);
        }
        else
        {
            mediaType = "application/octet-stream";
            schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        }
        return new OpenApiResponse
        {
            Description = reply.Description,
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
        };
    }

    /// <summary>A reference to a named component schema (lists inline, their items by reference).</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiDocument document, SchemaSource schemas,
        CancellationToken cancellationToken)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = await SchemaAsync(type.GetGenericArguments()[0], document, schemas, cancellationToken) };
        }
        if (type == typeof(string))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String };
        }
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await schemas(type, cancellationToken));
        }
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>Fields may come before the file parts: Gen A entity_id; Gen C kind, id, version, read_only.</summary>
    private static OpenApiRequestBody MultipartBody()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["entity_id"] = Text("Gen A: optional, ignored"),
                            ["kind"] = Text("Gen C: user, agent or skill"),
                            ["id"] = Text("Gen C: the client's file id"),
                            ["version"] = Text("Gen C"),
                            ["read_only"] = Text("Gen C"),
                            ["file"] = new OpenApiSchema
                            {
                                Description = "One part on /upload (also accepted as 'files'), many on /upload/batch; the filename may hold a relative path",
                                OneOf = [file, new OpenApiSchema { Type = JsonSchemaType.Array, Items = file }],
                            },
                        },
                        Required = new HashSet<string> { "file" },
                    },
                },
            },
        };
    }

    private static void DescribeDetail(OpenApiOperation operation)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "detail") is OpenApiParameter detail)
        {
            detail.Description = "simple: key strings; summary; full (default): summary with metadata and contentType; normalized";
            detail.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("simple"), JsonValue.Create("summary"), JsonValue.Create("full"), JsonValue.Create("normalized")],
            };
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
