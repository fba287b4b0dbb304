using System.Text.Json;
using Json.Schema;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>The service's /openapi.json, and a JSON Schema validator for the replies it documents.</summary>
internal sealed class OpenApiDocument
{
    private readonly JsonElement _root;
    private readonly Uri _uri = new($"https://openapi.test/{Guid.NewGuid():N}/openapi.json");
    private readonly BuildOptions _build;

    private OpenApiDocument(string json)
    {
        _root = JsonDocument.Parse(json).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(_root, _uri));
        _build = new BuildOptions { SchemaRegistry = registry };
    }

    public static async Task<OpenApiDocument> FetchAsync(HttpClient anonymous)
    {
        using var response = await anonymous.GetAsync("openapi.json");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /openapi.json: {(int)response.StatusCode} {json}");
        return new OpenApiDocument(json);
    }

    public JsonElement Root => _root;

    /// <summary>"METHOD /path" for every documented operation.</summary>
    public IEnumerable<string> Operations() =>
        _root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"));

    public bool Documents(string path, string method, int status) =>
        _root.GetProperty("paths").TryGetProperty(path, out var item)
        && item.TryGetProperty(method.ToLowerInvariant(), out var operation)
        && operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);

    /// <summary>Asserts that <paramref name="body"/> is valid against the documented JSON reply of that route and status.</summary>
    public void AssertValid(string path, string method, int status, string body)
    {
        Assert.True(Documents(path, method, status), $"{method} {path} does not document status {status}");
        var pointer = $"/paths/{Escape(path)}/{method.ToLowerInvariant()}/responses/{status}/content/application~1json/schema";
        var schema = JsonSchema.FromText($$"""{"$ref": "{{_uri}}#{{pointer}}"}""", _build);
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{method} {path} {status}: reply does not match the document.\n{Describe(result)}\nreply: {body}");
    }

    private static string Escape(string path) => path.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Describe(EvaluationResults result) =>
        string.Join('\n', (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"  at {d.InstanceLocation}: {e.Key}: {e.Value}")));
}
