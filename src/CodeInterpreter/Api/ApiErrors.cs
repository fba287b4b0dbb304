using CodeInterpreter.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api;

/// <summary>The contract's error replies: <c>{"error": …}</c> with the status code clients understand.</summary>
internal static class ApiErrors
{
    public static JsonHttpResult<ErrorBody> Status(int statusCode, string error, string? message = null) =>
        TypedResults.Json(new ErrorBody(error, message), ApiJsonContext.Default.ErrorBody, statusCode: statusCode);

    public static JsonHttpResult<ErrorBody> BadRequest(string error, string? message = null) =>
        Status(StatusCodes.Status400BadRequest, error, message);

    public static JsonHttpResult<ErrorBody> NotFound() => Status(StatusCodes.Status404NotFound, "File not found");

    public static JsonHttpResult<ErrorBody> InvalidId(string what) => BadRequest($"Invalid {what}", "ids are 21 characters of [A-Za-z0-9_-]");

    public static JsonHttpResult<ErrorBody> TooLarge(string error) => Status(StatusCodes.Status413PayloadTooLarge, error);

    /// <summary>The contract's 429 body, and the same number of seconds in a <c>Retry-After</c> header.</summary>
    public static JsonHttpResult<RateLimitedBody> RateLimited(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RateLimited(retryAfterSeconds);
    }

    public static JsonHttpResult<RateLimitedBody> RateLimited(int retryAfterSeconds) =>
        TypedResults.Json(new RateLimitedBody("rate_limited", retryAfterSeconds), ApiJsonContext.Default.RateLimitedBody,
            statusCode: StatusCodes.Status429TooManyRequests);
}
