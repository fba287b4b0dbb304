namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>The programmatic tool calling protocol as LibreChat's client speaks it, over plain HTTP.</summary>
internal static class ProgrammaticClient
{
    public static JsonObject Start(string code, params string[] tools) => new()
    {
        ["code"] = code,
        ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
    };

    public static JsonObject Continue(JsonObject reply, Func<JsonObject, JsonNode?> result)
    {
        var results = new JsonArray();
        foreach (var call in reply["tool_calls"]!.AsArray())
        {
            results.Add(new JsonObject { ["call_id"] = call.Str("id"), ["result"] = result(call!.AsObject()), ["is_error"] = false });
        }
        return new JsonObject { ["continuation_token"] = reply.Str("continuation_token"), ["tool_results"] = results };
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostProgrammaticAsync(this HttpClient client, JsonObject body,
        string route = "exec/programmatic", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(json.Length == 0 ? "{}" : json)!.AsObject());
    }

    /// <summary>POST, asserting 200; returns the reply.</summary>
    public static async Task<JsonObject> ProgrammaticAsync(this HttpClient client, JsonObject body)
    {
        var (status, reply) = await client.PostProgrammaticAsync(body);
        Assert.True(status == HttpStatusCode.OK, $"POST /exec/programmatic: {(int)status} {reply.ToJsonString()}");
        return reply;
    }

    /// <summary>Runs a program to its end, answering every call with <paramref name="result"/>; the last reply and the round trips.</summary>
    public static async Task<(JsonObject Reply, int RoundTrips)> RunToEndAsync(this HttpClient client, JsonObject start,
        Func<JsonObject, JsonNode?> result, Func<int, HttpClient>? clientForRound = null)
    {
        var reply = await client.ProgrammaticAsync(start);
        var rounds = 0;
        while (reply.Str("status") == "tool_call_required")
        {
            rounds++;
            reply = await (clientForRound?.Invoke(rounds) ?? client).ProgrammaticAsync(Continue(reply, result));
        }
        return (reply, rounds);
    }
}
