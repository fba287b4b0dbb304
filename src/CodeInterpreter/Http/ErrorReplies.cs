using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Http;

/// <summary>
/// The contract's error replies, shared by every endpoint (the API, authentication, health, metrics):
/// <c>{"error": …, "message"?: …}</c>, and 429 as <c>{"error":"rate_limited","retry_after_seconds":N}</c>.
/// </summary>
public static class ErrorReplies
{
    public static JsonHttpResult<ErrorBody> Status(int statusCode, string error, string? message = null) =>
        TypedResults.Json(new ErrorBody(error, message), HttpJsonContext.Default.ErrorBody, statusCode: statusCode);

    /// <summary>The contract's 429 body, and the same number of seconds in a <c>Retry-After</c> header.</summary>
    public static JsonHttpResult<RateLimitedBody> RateLimited(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return RateLimited(retryAfterSeconds);
    }

    public static JsonHttpResult<RateLimitedBody> RateLimited(int retryAfterSeconds) =>
        TypedResults.Json(new RateLimitedBody("rate_limited", retryAfterSeconds), HttpJsonContext.Default.RateLimitedBody,
            statusCode: StatusCodes.Status429TooManyRequests);

    /// <summary>
    /// A refused request's unread body is not drained: the connection closes after the reply instead, so a client
    /// without credentials cannot make the server read a large body it will never use.
    /// </summary>
    public static void CloseAfterReply(HttpContext context) => context.Response.Headers.Connection = "close";
}

/// <summary>Error bodies are <c>{"error": …, "message"?: …}</c>.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);

public sealed record RateLimitedBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("retry_after_seconds")] int RetryAfterSeconds);

[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(RateLimitedBody))]
public sealed partial class HttpJsonContext : JsonSerializerContext;
