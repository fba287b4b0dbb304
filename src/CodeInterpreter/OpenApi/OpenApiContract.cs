using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Health;
using CodeInterpreter.Http;

namespace CodeInterpreter.OpenApi;

/// <summary>
/// The wire contract as the OpenAPI document states it, one row per route: what goes in, and every reply with its
/// status. Handlers build their replies by hand (TypedResults with runtime status codes, a manually read body, a
/// multipart stream), so ASP.NET Core cannot infer these; this table is checked against the live service by the
/// Operations tests (every route listed, real replies valid against their schemas).
/// </summary>
internal static class OpenApiContract
{
    /// <param name="JsonBody">the JSON request body's type (<see cref="ExecRequestBody"/> when null).</param>
    public sealed record Route(string Method, string Path, string Summary, bool Authenticated, RequestBody? Request,
        IReadOnlyDictionary<int, Reply> Replies, Type? JsonBody = null);

    public enum RequestBody { Json, Multipart }

    /// <summary>A reply: a JSON body of <see cref="Type"/>, one of several (<see cref="OneOf"/>), or raw bytes (both null).</summary>
    public sealed record Reply(string Description, Type? Type = null, Type[]? OneOf = null);

    private static readonly Reply s_badRequest = new("Invalid request, id or file name: {\"error\", \"message\"?}", typeof(ErrorBody));
    private static readonly Reply s_unauthorized = new("No valid API key (X-API-Key, Basic or Bearer)", typeof(ErrorBody));
    private static readonly Reply s_rateLimited = new("Too many requests; retry after retry_after_seconds", typeof(RateLimitedBody));
    private static readonly Reply s_notFound = new("No such file: {\"error\":\"File not found\"}", typeof(ErrorBody));
    private static readonly Reply s_tooLarge = new(
        "Body over the size limit ({\"error\":\"File size limit exceeded\"}), or over the user's or key's storage quota "
        + "({\"error\":\"Storage quota exceeded\", \"message\"}); nothing is stored", typeof(ErrorBody));
    private static readonly Reply s_storeFull = new(
        "The store is full or its disk reached its free-space floor: {\"error\":\"Insufficient storage\", \"message\"}; nothing is stored",
        typeof(ErrorBody));
    private static readonly Reply s_notMultipart = new("Not multipart/form-data", typeof(ErrorBody));
    private static readonly Reply s_storageUnavailable = new(
        "The file store cannot be used now: {\"error\":\"Storage unavailable\", \"message\"}, with Retry-After", typeof(ErrorBody));

    public static readonly IReadOnlyList<Route> Routes =
    [
        new("POST", "/exec", "Run code in the sandbox; timeouts, OOM kills and output floods are still 200", true, RequestBody.Json,
            Replies((200, new("The run, flat (LibreChat) and Piston-style (run)", typeof(ExecResponseBody))),
                (400, s_badRequest), (401, s_unauthorized), (413, new("Request body too large, or input files over the per-run caps ({\"error\":\"Input files too large\"})", typeof(ErrorBody))),
                (429, s_rateLimited), (503, new("Sandbox, language or file store unavailable, or the service is shutting down", typeof(ErrorBody))))),
        new("POST", "/exec/programmatic", "Programmatic tool calling: start a program that calls tools, or continue it with their results", true,
            RequestBody.Json,
            Replies((200, new("tool_call_required (calls to run, a continuation token), completed, or error", typeof(ProgrammaticResponseBody))),
                (400, s_badRequest), (401, s_unauthorized),
                (404, new("No paused execution has this continuation token for this caller", typeof(ErrorBody))),
                (409, new("A continuation of this execution is in progress, the runtime session is busy, or the expected profile cannot be served",
                    typeof(ErrorBody))),
                (413, new("Request body too large", typeof(ErrorBody))), (429, s_rateLimited),
                (503, new("Sandbox, language or file store unavailable, or the service is shutting down", typeof(ErrorBody)))),
            typeof(ProgrammaticRequestBody)),
        new("POST", "/exec/programmatic/cancel", "Stop the programmatic execution whose request had this request_id", true, RequestBody.Json,
            Replies((200, new("{\"status\":\"cancelled\"}", typeof(CancelResponseBody))), (400, s_badRequest), (401, s_unauthorized),
                (404, new("No execution of this caller had this request id", typeof(ErrorBody))), (429, s_rateLimited)),
            typeof(CancelRequestBody)),
        new("POST", "/upload", "Upload files into a new session (all or nothing)", true, RequestBody.Multipart,
            Replies((200, new("The stored files", typeof(UploadResponseBody))), (400, s_badRequest), (401, s_unauthorized),
                (413, s_tooLarge), (415, s_notMultipart), (429, s_rateLimited), (503, s_storageUnavailable), (507, s_storeFull))),
        new("POST", "/upload/batch", "Upload files into a new session, with a status per file", true, RequestBody.Multipart,
            Replies((200, new("success, partial_success or error, per file", typeof(BatchUploadResponseBody))), (400, s_badRequest),
                (401, s_unauthorized), (413, s_tooLarge), (415, s_notMultipart), (429, s_rateLimited), (503, s_storageUnavailable),
                (507, s_storeFull))),
        new("GET", "/files/{sessionId}", "List a session's files (an unknown session is 200 [])", true, null,
            Replies((200, new("simple: keys; summary and full: objects; normalized: LibreChat's file shape",
                    OneOf: [typeof(IReadOnlyList<string>), typeof(IReadOnlyList<FileSummaryBody>), typeof(IReadOnlyList<NormalizedFileBody>)])),
                (400, s_badRequest), (401, s_unauthorized), (429, s_rateLimited), (503, s_storageUnavailable))),
        new("GET", "/sessions/{sessionId}/objects/{fileId}", "One file's metadata (freshness check)", true, null,
            Replies((200, new("The file's metadata", typeof(ObjectInfoBody))), (400, s_badRequest), (401, s_unauthorized),
                (404, s_notFound), (429, s_rateLimited), (503, s_storageUnavailable))),
        new("DELETE", "/files/{sessionId}/{fileId}", "Delete a file", true, null, DeleteReplies()),
        new("DELETE", "/sessions/{sessionId}/objects/{fileId}", "Delete a file", true, null, DeleteReplies()),
        new("GET", "/download/{sessionId}/{fileId}", "A file's bytes, with Content-Type, Content-Length and Content-Disposition", true, null,
            Replies((200, new("The file's bytes")), (400, s_badRequest), (401, s_unauthorized), (404, s_notFound), (429, s_rateLimited), (503, s_storageUnavailable))),
        new("GET", "/health", "Service status (no key needed): {\"status\"} only without a key; versions, sandbox, languages and counters with a valid key", false, null,
            Replies((200, new("The sandbox can run code", typeof(HealthBody))),
                (503, new("The sandbox cannot run code, the file store cannot be used, or the service is shutting down (status \"draining\")", typeof(HealthBody))))),
    ];

    public static Route? Find(string method, string path) =>
        Routes.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Path, path, StringComparison.Ordinal));

    private static Dictionary<int, Reply> DeleteReplies() => Replies(
        (200, new("{\"message\":\"File deleted successfully\", \"session_id\", \"fileId\"}", typeof(DeletedBody))),
        (400, s_badRequest), (401, s_unauthorized), (404, s_notFound), (429, s_rateLimited), (503, s_storageUnavailable));

    private static Dictionary<int, Reply> Replies(params (int Status, Reply Reply)[] replies) =>
        replies.ToDictionary(r => r.Status, r => r.Reply);
}
