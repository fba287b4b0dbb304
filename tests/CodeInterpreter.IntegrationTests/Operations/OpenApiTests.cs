namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>/openapi.json lists every contract route, and what the service really answers matches it.</summary>
[Collection(ServiceCollection.Name)]
public sealed class OpenApiTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    /// <summary>The contract's routes (CONTRACT.md), written out here independently of the service's own table.</summary>
    private static readonly string[] s_contractRoutes =
    [
        "POST /exec", "POST /upload", "POST /upload/batch", "GET /files/{sessionId}", "GET /sessions/{sessionId}/objects/{fileId}",
        "DELETE /sessions/{sessionId}/objects/{fileId}", "DELETE /files/{sessionId}/{fileId}", "GET /download/{sessionId}/{fileId}",
        "GET /health", "POST /exec/programmatic", "POST /exec/programmatic/cancel",
    ];

    [Fact]
    public async Task OpenApi_ListsEveryContractRoute_AndNothingElse()
    {
        using var anonymous = Service.CreateClient(apiKey: null);

        var document = await OpenApiDocument.FetchAsync(anonymous);

        Assert.StartsWith("3.", document.Root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(s_contractRoutes.Order(), document.Operations().Order());
        var servers = document.Root.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString());
        Assert.Equal(["/v1", "/"], servers);
    }

    [Fact]
    public async Task OpenApi_EveryDocumentedRoute_IsServedAtTheRootAndUnderV1()
    {
        using var anonymous = Service.CreateClient(apiKey: null);
        var document = await OpenApiDocument.FetchAsync(anonymous);
        var (sid, fid) = (Contract.RandomId(), Contract.RandomId());

        foreach (var operation in document.Operations())
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].TrimStart('/'));
            var concrete = path.Replace("{sessionId}", sid, StringComparison.Ordinal).Replace("{fileId}", fid, StringComparison.Ordinal);
            foreach (var client in new[] { Client, V1 })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), concrete);
                using var response = await client.SendAsync(request);
                // An unknown route would be 404 {"error":"Not found"} or 405; a known one answers in its own terms.
                var body = await response.Content.ReadAsStringAsync();
                Assert.False(response.StatusCode == HttpStatusCode.MethodNotAllowed || body.Contains("\"Not found\"", StringComparison.Ordinal),
                    $"{method} {client.BaseAddress}{concrete}: {(int)response.StatusCode} {body}");
                Assert.True(document.Documents("/" + path, method, (int)response.StatusCode),
                    $"{method} /{path} answered {(int)response.StatusCode}, which the document does not list");
            }
        }
    }

    [SandboxFact]
    public async Task RealReplies_ValidateAgainstTheDocument()
    {
        using var anonymous = Service.CreateClient(apiKey: null);
        var document = await OpenApiDocument.FetchAsync(anonymous);

        async Task Check(HttpClient client, HttpMethod method, string route, string path, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, route) { Content = content };
            request.Headers.Add("User-Id", "user_itest");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            document.AssertValid(path, method.Method, (int)response.StatusCode, body);
        }

        var upload = await Client.UploadAsync("data.csv", "a,b\n1,2\n");
        var (sid, fid) = (upload.Str("session_id"), upload.Files()[0].Str("fileId"));
        var exec = ServiceApi.ExecBody("py", "open('out.txt','w').write('x'); print(open('data.csv').read())");
        exec["files"] = new JsonArray(new JsonObject { ["id"] = fid, ["session_id"] = sid, ["name"] = "data.csv" });

        await Check(Client, HttpMethod.Post, "exec", "/exec", JsonContent.Create(exec));
        await Check(Client, HttpMethod.Post, "exec", "/exec", JsonContent.Create(ServiceApi.ExecBody("cobol", "x")));
        await Check(Client, HttpMethod.Post, "exec/programmatic", "/exec/programmatic", JsonContent.Create(ProgrammaticClient.Start("print(1)", "t")));
        await Check(Client, HttpMethod.Post, "exec/programmatic", "/exec/programmatic",
            JsonContent.Create(new JsonObject { ["continuation_token"] = "ptc1.abcdefghijkl." + new string('A', 43), ["tool_results"] = new JsonArray() }));
        await Check(Client, HttpMethod.Post, "exec/programmatic/cancel", "/exec/programmatic/cancel", JsonContent.Create(new JsonObject { ["request_id"] = "x" }));
        await Check(anonymous, HttpMethod.Post, "exec", "/exec", JsonContent.Create(ServiceApi.ExecBody("py", "print(1)")));
        await Check(Client, HttpMethod.Post, "upload", "/upload", ServiceApi.Form([("entity_id", "asst_x")], ServiceApi.FilePart("x"u8.ToArray(), "x.txt")));
        await Check(Client, HttpMethod.Post, "upload", "/upload", new StringContent("not multipart"));
        await Check(Client, HttpMethod.Post, "upload/batch", "/upload/batch", ServiceApi.Form([("kind", "user")],
            ServiceApi.FilePart("1"u8.ToArray(), "a.txt"), ServiceApi.FilePart("2"u8.ToArray(), "../bad.txt")));
        foreach (var detail in new[] { "simple", "summary", "full", "normalized" })
        {
            await Check(Client, HttpMethod.Get, $"files/{sid}?detail={detail}", "/files/{sessionId}");
        }
        await Check(Client, HttpMethod.Get, "files/not-an-id", "/files/{sessionId}");
        await Check(Client, HttpMethod.Get, $"sessions/{sid}/objects/{fid}", "/sessions/{sessionId}/objects/{fileId}");
        await Check(Client, HttpMethod.Get, $"sessions/{sid}/objects/{Contract.RandomId()}", "/sessions/{sessionId}/objects/{fileId}");
        await Check(Client, HttpMethod.Delete, $"files/{sid}/{fid}", "/files/{sessionId}/{fileId}");
        await Check(Client, HttpMethod.Delete, $"sessions/{sid}/objects/{fid}", "/sessions/{sessionId}/objects/{fileId}");
        await Check(anonymous, HttpMethod.Get, "health", "/health");
    }
}
