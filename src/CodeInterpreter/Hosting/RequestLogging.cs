using System.Diagnostics;

namespace CodeInterpreter.Hosting;

/// <summary>
/// One line per request: method, path (never the query string), status, time and the request id, which also goes
/// back to the client as <c>X-Request-Id</c> so a user's report can be matched with the log. Probes (/health,
/// /metrics) log at Debug.
/// </summary>
internal static partial class RequestLogging
{
    public const string Header = "X-Request-Id";

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CodeInterpreter.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.Headers[Header] = context.TraceIdentifier;
            try
            {
                await next(context);
            }
            finally
            {
                var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "/");
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
                if (IsProbe(path))
                {
                    Probe(logger, method, path, status, elapsed, context.TraceIdentifier);
                }
                else
                {
                    Request(logger, method, path, status, elapsed, context.TraceIdentifier);
                }
            }
        });
        return app;
    }

    private static bool IsProbe(string path) =>
        path.EndsWith("/health", StringComparison.Ordinal) || path is "/metrics" or "/openapi.json";

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} in {ElapsedMs:0} ms (request {RequestId})")]
    private static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs, string requestId);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "{Method} {Path} {StatusCode} in {ElapsedMs:0} ms (request {RequestId})")]
    private static partial void Probe(ILogger logger, string method, string path, int statusCode, double elapsedMs, string requestId);
}
