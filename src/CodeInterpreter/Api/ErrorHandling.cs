using System.Text.Json;
using CodeInterpreter.Api.Contracts;
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
            if (exception is StorageUnavailableException unavailable)
            {
                // Already logged by the store, without the request; the client may retry once the store is back.
                context.Response.Headers.RetryAfter = "5";
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable", unavailable.Reason + "; retry in a moment");
                return;
            }
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
        return app;
    }

    private static async Task WriteAsync(HttpContext context, int status, string error, string? message = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(error, message), ApiJsonContext.Default.ErrorBody);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, string method, string path, Exception? exception);
}
