using System.Net.Http.Headers;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>Thin helpers over the wire contract; bodies are built as JsonObject so field names go out exactly as written.</summary>
internal static class ServiceApi
{
    public static JsonObject ExecBody(string lang, string code) => new() { ["lang"] = lang, ["code"] = code };

    public static Task<HttpResponseMessage> PostExecAsync(this HttpClient client, JsonObject body) =>
        client.PostAsync("exec", JsonContent.Create(body));

    /// <summary>POST /exec and assert 200; returns the reply.</summary>
    public static async Task<JsonObject> ExecAsync(this HttpClient client, JsonObject body)
    {
        using var response = await client.PostExecAsync(body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /exec: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!.AsObject();
    }

    public static Task<JsonObject> ExecAsync(this HttpClient client, string lang, string code) =>
        client.ExecAsync(ExecBody(lang, code));

    /// <summary>The check after every attack: a plain run still works.</summary>
    public static async Task AssertStillServingAsync(this HttpClient client)
    {
        var reply = await client.ExecAsync("py", "print('still serving')");
        reply.AssertRan("still serving\n");
    }

    /// <summary>Waits (30 s at most) until GET /health counts <paramref name="expected"/> executions holding a slot.</summary>
    public static Task WaitForRunningAsync(this HttpClient client, long expected) =>
        Poll.UntilAsync(async () => (await client.GetJsonAsync("health"))["executions"].Num("running"), running => running == expected,
            TimeSpan.FromSeconds(30), $"{expected} running execution(s) on GET /health");

    /// <summary>A file part named <paramref name="partName"/> with a plain quoted filename.</summary>
    public static ByteArrayContent FilePart(byte[] content, string fileName, string partName = "file")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{partName}\"; filename=\"{fileName}\"");
        return part;
    }

    public static StringContent Field(string name, string value)
    {
        var part = new StringContent(value, Encoding.UTF8);
        part.Headers.ContentType = null;
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{name}\"");
        return part;
    }

    /// <summary>Multipart body: the fields first (in order), then the parts.</summary>
    public static MultipartFormDataContent Form(IEnumerable<(string Name, string Value)> fields, params HttpContent[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(Field(name, value));
        }
        foreach (var part in parts)
        {
            form.Add(part);
        }
        return form;
    }

    /// <summary>Gen A upload (entity_id, then file) with a User-Id header; asserts 200 and returns the reply.</summary>
    public static async Task<JsonObject> UploadAsync(this HttpClient client, string fileName, byte[] content, string route = "upload")
    {
        using var form = Form([("entity_id", "asst_itest")], FilePart(content, fileName));
        return await client.PostFormOkAsync(route, form);
    }

    public static Task<JsonObject> UploadAsync(this HttpClient client, string fileName, string content) =>
        client.UploadAsync(fileName, Encoding.UTF8.GetBytes(content));

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string route, HttpContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = form };
        request.Headers.Add("User-Id", "user_itest");
        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> PostFormOkAsync(this HttpClient client, string route, HttpContent form)
    {
        using var response = await client.PostFormAsync(route, form);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /{route}: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>GET and assert 200; returns the parsed body.</summary>
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string route)
    {
        using var response = await client.GetAsync(route);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{route}: {(int)response.StatusCode} {json}");
        return JsonNode.Parse(json)!;
    }

    /// <summary>GET /download and assert 200; returns the bytes.</summary>
    public static async Task<byte[]> DownloadAsync(this HttpClient client, string sessionId, string fileId)
    {
        using var response = await client.GetAsync($"download/{sessionId}/{fileId}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"GET /download/{sessionId}/{fileId}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    /// <summary>Asserts the status and an error body <c>{"error": "..."}</c>; returns the body.</summary>
    public static async Task<JsonObject> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {json}");
        return AssertErrorBody(json);
    }

    /// <summary>Asserts a 4xx status and an error body <c>{"error": "..."}</c>.</summary>
    public static async Task<JsonObject> AssertClientErrorAsync(this HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"expected 4xx, got {status}: {json}");
        return AssertErrorBody(json);
    }

    private static JsonObject AssertErrorBody(string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        var error = body["error"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(error), $"no \"error\" string in {json}");
        return body;
    }
}
