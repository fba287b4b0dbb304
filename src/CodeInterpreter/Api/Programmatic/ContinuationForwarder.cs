using System.Net.Http.Headers;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Execution.Programmatic.Peers;

namespace CodeInterpreter.Api.Programmatic;

/// <summary>
/// Several nodes behind one load balancer: a paused program lives in the memory of the node that started it, and its
/// continuation (or cancel) may reach another node. That node forwards the request, body and credentials unchanged,
/// to the node its token names, at the address the peer registry holds for that node id, always to the fixed path
/// <c>/exec/programmatic</c> (never to an address or path the client sent), and marks it forwarded so it never
/// travels a second hop. The target authenticates it and checks the caller as if the client had called it directly.
/// </summary>
internal sealed partial class ContinuationForwarder(IHttpClientFactory clients, PeerRegistry peers, ProgrammaticExecutor executor,
    ILogger<ContinuationForwarder> logger)
{
    public const string ClientName = "code-interpreter-peers";
    public const string ForwardedHeader = "X-CodeAPI-Forwarded-By";
    private const int MaxReplyBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan s_cancelTimeout = TimeSpan.FromMilliseconds(1500);
    private static readonly string[] s_passed =
        ["Authorization", "X-API-Key", "User-Agent", "X-LibreChat-Code-Request-ID", RuntimeProfiles.ExpectedHeader, RuntimeProfiles.WorkspaceHeader];

    public static bool WasForwarded(HttpContext context) => context.Request.Headers.ContainsKey(ForwardedHeader);

    /// <summary>The peer's reply, or null when no live peer has that id.</summary>
    public async Task<IResult?> ForwardAsync(HttpContext context, string nodeId, byte[] body, CancellationToken cancellationToken)
    {
        if (await peers.FindAsync(nodeId, cancellationToken).ConfigureAwait(false) is not { } peer)
        {
            return null;
        }
        using var client = clients.CreateClient(ClientName);
        using var request = Request(context, new Uri(peer, "/exec/programmatic"), body);
        Forwarding(logger, nodeId);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > MaxReplyBytes)
            {
                return ApiErrors.Status(StatusCodes.Status502BadGateway, "Peer reply too large");
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            foreach (var name in (string[])[RuntimeProfiles.ServedHeader, "Retry-After"])
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            return Results.Text(System.Text.Encoding.UTF8.GetString(bytes), response.Content.Headers.ContentType?.MediaType ?? "application/json",
                System.Text.Encoding.UTF8, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The node that held the program is gone (crashed, stopped): so is the program.
            return null;
        }
    }

    /// <summary>Asks every other live node to cancel the request; true when one of them had it.</summary>
    public async Task<bool> BroadcastCancelAsync(HttpContext context, byte[] body, CancellationToken cancellationToken)
    {
        var others = await peers.OthersAsync(cancellationToken).ConfigureAwait(false);
        var attempts = others.Select(async peer =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_cancelTimeout);
            using var client = clients.CreateClient(ClientName);
            using var request = Request(context, new Uri(peer, "/exec/programmatic/cancel"), body);
            try
            {
                using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return false;
            }
        });
        return (await Task.WhenAll(attempts).ConfigureAwait(false)).Any(found => found);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Forwarding a continuation to node {Node}, which holds its execution")]
    private static partial void Forwarding(ILogger logger, string node);

    private HttpRequestMessage Request(HttpContext context, Uri target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var name in s_passed)
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }
        request.Headers.TryAddWithoutValidation(ForwardedHeader, executor.NodeId);
        return request;
    }
}
