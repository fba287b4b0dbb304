namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Base of the attacks on shared budgets (<see cref="BudgetFixture"/>): helpers to post as a given LibreChat user and
/// to read admission from /health, and the aftermath check of every hostile test: nothing of the attack lives on
/// under the sandbox uids, the next request runs, the canary is intact.
/// </summary>
public abstract class BudgetTest(BudgetFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    protected BudgetFixture Budget => fixture;

    /// <summary>An /exec body as LibreChat sends it for one user.</summary>
    protected static JsonObject ExecAs(string user, string lang, string code, params (string Id, string SessionId, string Name)[] files)
    {
        var body = ServiceApi.ExecBody(lang, code);
        body["user_id"] = user;
        if (files.Length > 0)
        {
            body["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["session_id"] = f.SessionId, ["name"] = f.Name })]);
        }
        return body;
    }

    /// <summary>POST /upload of one file with LibreChat's <c>User-Id</c> header; the raw response.</summary>
    protected async Task<HttpResponseMessage> UploadAsAsync(string user, string fileName, byte[] content)
    {
        using var form = ServiceApi.Form([("entity_id", "asst_itest")], ServiceApi.FilePart(content, fileName));
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload") { Content = form };
        request.Headers.Add("User-Id", user);
        return await Client.SendAsync(request);
    }

    /// <summary>POST /upload that must succeed; the stored file as a ref for /exec.</summary>
    protected async Task<(string Id, string SessionId, string Name)> UploadOkAsync(string user, string fileName, byte[] content)
    {
        using var response = await UploadAsAsync(user, fileName, content);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload of {fileName} as {user}: {(int)response.StatusCode} {json}");
        var reply = JsonNode.Parse(json)!.AsObject();
        return (reply.Files()[0].Str("fileId"), reply.Str("session_id"), fileName);
    }

    /// <summary>Admission as /health shows it: running and queued executions.</summary>
    protected async Task<(long Running, long Queued)> AdmissionAsync()
    {
        var executions = (await Client.GetJsonAsync("health"))["executions"];
        return (executions.Num("running"), executions.Num("queued"));
    }

    /// <summary>Live processes of the instance's sandbox uids.</summary>
    private protected static List<HostProcess> SandboxProcesses() => HostProcess.LiveOfUids(BudgetFixture.UidBase, BudgetFixture.Slots);

    /// <summary>Nothing of the attack lives on, the next run works, no stored file was lost or altered.</summary>
    protected async Task AssertAftermathAsync()
    {
        await HostProcess.AssertNoneLeftOfUidsAsync(BudgetFixture.UidBase, BudgetFixture.Slots, TimeSpan.FromSeconds(10));
        await Client.AssertStillServingAsync();
        await Budget.Canary.AssertIntactAsync(Client);
    }
}
