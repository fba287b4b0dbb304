using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CodeInterpreter.Bench;

/// <summary>One running service (started by bench/storage.sh) and a keep-alive client for it.</summary>
internal sealed class Node : IDisposable
{
    public Node(string name, Uri baseAddress, string key)
    {
        Name = name;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        Client.DefaultRequestHeaders.Add("X-API-Key", key);
    }

    public string Name { get; }
    public HttpClient Client { get; }

    /// <summary>POST /upload with one <c>file</c> part: (session id, file id).</summary>
    public async Task<(string SessionId, string FileId)> UploadAsync(string name, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        using var response = await Client.PostAsync("upload", form);
        var reply = await ReadAsync(response, "upload");
        return (reply["session_id"]!.GetValue<string>(), reply["files"]![0]!["fileId"]!.GetValue<string>());
    }

    /// <summary>GET /download into <paramref name="buffer"/> (streamed, no allocation); the byte count.</summary>
    public async Task<int> DownloadAsync(string sessionId, string fileId, byte[] buffer)
    {
        using var response = await Client.GetAsync($"download/{sessionId}/{fileId}", HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name}: download {sessionId}/{fileId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await using var body = await response.Content.ReadAsStreamAsync();
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                throw new InvalidOperationException($"{Name}: download {sessionId}/{fileId} is larger than expected");
            }
        }
        return total;
    }

    /// <summary>POST /exec; fails unless the program exited 0.</summary>
    public async Task<JsonObject> ExecAsync(JsonObject body)
    {
        using var response = await Client.PostAsJsonAsync("exec", body);
        var reply = await ReadAsync(response, "exec");
        if (reply["run"]?["code"]?.GetValue<int?>() is not 0)
        {
            throw new InvalidOperationException($"{Name}: exec failed: {Cut(reply.ToJsonString())}");
        }
        return reply;
    }

    /// <summary>DELETE /files/{sid}/{fid}, untimed clean-up so the stores do not fill up during the run.</summary>
    public async Task DeleteAsync(string sessionId, string fileId)
    {
        using var response = await Client.DeleteAsync($"files/{sessionId}/{fileId}");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name}: delete {sessionId}/{fileId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<JsonObject> HealthAsync() => (await Client.GetFromJsonAsync<JsonObject>("health"))!;

    private async Task<JsonObject> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name}: {what} failed: {(int)response.StatusCode} {Cut(text)}");
        }
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Cut(string text) => text.Length <= 600 ? text : text[..600] + "…";

    public void Dispose() => Client.Dispose();
}
