using CodeInterpreter.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api;

/// <summary>The contract's error replies: <c>{"error": …}</c> with the status code clients understand.</summary>
internal static class ApiErrors
{
    public static JsonHttpResult<ErrorBody> Status(int statusCode, string error, string? message = null) =>
        ErrorReplies.Status(statusCode, error, message);

    public static JsonHttpResult<ErrorBody> BadRequest(string error, string? message = null) =>
        Status(StatusCodes.Status400BadRequest, error, message);

    public static JsonHttpResult<ErrorBody> NotFound() => Status(StatusCodes.Status404NotFound, "File not found");

    public static JsonHttpResult<ErrorBody> InvalidId(string what) => BadRequest($"Invalid {what}", "ids are 21 characters of [A-Za-z0-9_-]");

    public static JsonHttpResult<ErrorBody> TooLarge(string error) => Status(StatusCodes.Status413PayloadTooLarge, error);

    public static JsonHttpResult<RateLimitedBody> RateLimited(HttpContext context, int retryAfterSeconds) =>
        ErrorReplies.RateLimited(context, retryAfterSeconds);

    public static JsonHttpResult<RateLimitedBody> RateLimited(int retryAfterSeconds) => ErrorReplies.RateLimited(retryAfterSeconds);
}
