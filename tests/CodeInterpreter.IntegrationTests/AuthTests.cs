using System.Net.Http.Headers;
using System.Text;

namespace CodeInterpreter.IntegrationTests;

[Collection(ServiceCollection.Name)]
public sealed class AuthTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    public async Task Auth_NoKey_Returns401WithErrorOnEveryProtectedRoute(string prefix)
    {
        using var anonymous = Service.CreateClient(apiKey: null, prefix);
        var sid = Contract.RandomId();
        var fid = Contract.RandomId();
        using var form = ServiceApi.Form([], ServiceApi.FilePart("x"u8.ToArray(), "x.txt"));

        HttpResponseMessage[] responses =
        [
            await anonymous.PostExecAsync(ServiceApi.ExecBody("py", "print(1)")),
            await anonymous.PostFormAsync("upload", form),
            await anonymous.GetAsync($"files/{sid}?detail=summary"),
            await anonymous.GetAsync($"sessions/{sid}/objects/{fid}"),
            await anonymous.GetAsync($"download/{sid}/{fid}"),
            await anonymous.DeleteAsync($"files/{sid}/{fid}"),
        ];

        foreach (var response in responses)
        {
            using (response)
            {
                await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Auth_EitherConfiguredXApiKey_IsAccepted(int keyIndex)
    {
        using var client = Service.CreateClient(Service.Keys[keyIndex]);

        await AssertAuthorisedAsync(client);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Auth_BasicWithKeyAsUser_IsAccepted(int keyIndex)
    {
        using var client = Service.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = Basic(Service.Keys[keyIndex]);

        await AssertAuthorisedAsync(client);
    }

    [Fact]
    public async Task Auth_XApiKeyUnderV1_IsAccepted()
    {
        await AssertAuthorisedAsync(V1);
    }

    [Fact]
    public async Task Auth_WrongXApiKey_Returns401()
    {
        using var client = Service.CreateClient("key_wrong");

        await AssertRejectedAsync(client);
    }

    [Fact]
    public async Task Auth_WrongBasicKey_Returns401()
    {
        using var client = Service.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = Basic("key_wrong");

        await AssertRejectedAsync(client);
    }

    [Fact]
    public async Task Auth_WrongXApiKeyWithRightBasic_Returns401()
    {
        using var client = Service.CreateClient("key_wrong");
        client.DefaultRequestHeaders.Authorization = Basic(Service.Keys[0]);

        await AssertRejectedAsync(client);
    }

    [Fact]
    public async Task Auth_ArbitraryBearerToken_Returns401()
    {
        using var client = Service.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.e30.");

        await AssertRejectedAsync(client);
    }

    [Fact]
    public async Task Auth_KeyPrefixOrSuffix_IsRejected()
    {
        using var prefix = Service.CreateClient(Service.Keys[0][..^1]);
        using var suffix = Service.CreateClient(Service.Keys[0] + "x");
        using var both = Service.CreateClient(string.Join(',', Service.Keys));

        await AssertRejectedAsync(prefix);
        await AssertRejectedAsync(suffix);
        await AssertRejectedAsync(both);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    public async Task Auth_Health_NeedsNoKey(string prefix)
    {
        using var anonymous = Service.CreateClient(apiKey: null, prefix);

        using var response = await anonymous.GetAsync("health");

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Auth_Disabled_NeedsNoKey()
    {
        await using var service = new ServiceProcess(new Dictionary<string, string> { ["CODE_AUTH_DISABLED"] = "true" });
        await service.StartAsync();
        try
        {
            using var root = service.CreateClient(apiKey: null);
            using var v1 = service.CreateClient(apiKey: null, "v1");

            await AssertAuthorisedAsync(root);
            await AssertAuthorisedAsync(v1);
            var upload = await root.UploadAsync("open.txt", "no key");
            Assert.Equal("no key"u8.ToArray(), await root.DownloadAsync(upload.Str("session_id"), upload.Files()[0].Str("fileId")));
        }
        finally
        {
            Output.WriteLine(service.LogSince(0));
        }
    }

    private static AuthenticationHeaderValue Basic(string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

    private static async Task AssertAuthorisedAsync(HttpClient client)
    {
        var list = await client.GetJsonAsync($"files/{Contract.RandomId()}?detail=summary");
        Assert.Empty(Assert.IsType<JsonArray>(list));
    }

    private static async Task AssertRejectedAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"files/{Contract.RandomId()}?detail=summary");
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
