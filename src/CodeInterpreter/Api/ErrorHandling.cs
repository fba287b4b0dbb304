using System.Text.Json;
using CodeInterpreter.Http;
using CodeInterpreter.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace CodeInterpreter.Api;

/// <summary>
/// Anything unexpected becomes <c>{"error": …}</c> with no stack trace; unknown routes and wrong methods get
/// the same shape. Bodies are never logged (clients put API keys in them).
/// </summary>
internal static partial class ErrorHandling
{
    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, error) = exception switch
            {
                BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "Request body too large" : "Bad request"),
                OperationCanceledException => (499, "Request cancelled"),
                _ => (StatusCodes.Status500InternalServerError, "Internal error"),
            };
            if (status >= 500)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CodeInterpreter.Api");
                Unhandled(logger, context.Request.Method, context.Request.Path, exception);
            }
            await WriteAsync(context, status, error);
        }));
        app.UseStatusCodePages(async status =>
        {
            var code = status.HttpContext.Response.StatusCode;
            await WriteAsync(status.HttpContext, code, code switch
            {
                StatusCodes.Status404NotFound => "Not found",
                StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Request failed",
            });
        });
        // Inside the exception handler: a store outage is an expected condition, answered without an "unhandled
        // exception" error and stack trace per request (the store already logged why, once per failure).
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (StorageUnavailableException e) when (!context.Response.HasStarted)
            {
                await WriteStorageUnavailableAsync(context, e);
            }
        });
        return app;
    }

    /// <summary>503 with a reason safe to show (no endpoint, no key); the client may retry once the store is back.</summary>
    private static Task WriteStorageUnavailableAsync(HttpContext context, StorageUnavailableException e)
    {
        context.Response.Headers.RetryAfter = "5";
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable", e.Reason + "; retry in a moment");
    }

    private static async Task WriteAsync(HttpContext context, int status, string error, string? message = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(error, message), HttpJsonContext.Default.ErrorBody);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, string method, string path, Exception? exception);
}
