using System.Text.Json;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Api.Limits;
using CodeInterpreter.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Execution.Workspaces;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api.Programmatic;

/// <summary>
/// POST /exec/programmatic (a first request, or a continuation with tool results) and POST /exec/programmatic/cancel:
/// LibreChat's <c>run_tools_with_code</c> and <c>run_tools_with_bash</c> tools, and its bash tool in an attached workspace.
/// </summary>
internal static class ProgrammaticApi
{
    public const string RequestIdHeader = "X-LibreChat-Code-Request-ID";

    public static RouteGroupBuilder MapProgrammaticApi(this RouteGroupBuilder group)
    {
        group.MapPost("/exec/programmatic", RunAsync);
        group.MapPost("/exec/programmatic/cancel", CancelAsync);
        return group;
    }

    private static async Task<IResult> RunAsync(HttpContext context, ProgrammaticExecutor executor, ContinuationForwarder forwarder,
        LanguageCatalog languages, ExecRateLimiter rateLimiter, Workspaces workspaces, IOptions<ProgrammaticOptions> options,
        IOptions<ExecutionOptions> execution, CancellationToken cancellationToken)
    {
        var maxKb = Math.Max(options.Value.MaxContinuationKb, execution.Value.MaxRequestKb);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxKb * 1024L;
        }
        byte[] raw;
        ProgrammaticRequestBody? body;
        try
        {
            raw = await ReadAsync(context.Request.Body, cancellationToken);
            body = JsonSerializer.Deserialize(raw, ApiJsonContext.Default.ProgrammaticRequestBody);
        }
        catch (JsonException e)
        {
            return ApiErrors.BadRequest("Invalid JSON body", e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrors.TooLarge($"Request body larger than {maxKb} KiB");
        }
        if (body is null)
        {
            return ApiErrors.BadRequest("Invalid JSON body", "expected an object");
        }
        try
        {
            return body.ContinuationToken is { } token
                ? await ContinueAsync(context, executor, forwarder, token, body, raw, cancellationToken)
                : await StartAsync(context, executor, languages, rateLimiter, workspaces, options.Value, body, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; its program was killed. Nobody reads this reply.
            return Results.Empty;
        }
    }

    private static async Task<IResult> StartAsync(HttpContext context, ProgrammaticExecutor executor, LanguageCatalog languages,
        ExecRateLimiter rateLimiter, Workspaces workspaces, ProgrammaticOptions options, ProgrammaticRequestBody body, CancellationToken cancellationToken)
    {
        var (run, tools, error) = ProgrammaticRequestParser.Parse(body, languages, options.MaxTools);
        if (error is not null)
        {
            return error;
        }
        var (runtimeSession, profileError) = RuntimeProfiles.Resolve(context, body.RuntimeSessionHint, body.WorkspaceInstanceId, workspaces.Mode);
        if (profileError is not null)
        {
            return profileError;
        }
        var user = run!.UserId ?? context.Items[ApiKeyFilter.SubjectItem] as string;
        if (!rateLimiter.TryAcquire(user, out var retryAfter))
        {
            return ApiErrors.RateLimited(context, retryAfter);
        }
        var request = new ProgrammaticRequest
        {
            Run = run with
            {
                RuntimeSession = runtimeSession,
                UserId = user,
                Credential = context.Items[ApiKeyFilter.CredentialItem] as string,
            },
            Tools = tools!,
            Caller = RuntimeProfiles.Caller(context),
            RequestId = RequestId(context),
        };
        try
        {
            return Reply(context, await executor.StartAsync(request, cancellationToken));
        }
        catch (WorkspaceBusyException e)
        {
            return RuntimeProfiles.Busy(e.Message);
        }
        catch (ExecutionRefusedException e)
        {
            return Refused(context, e, run.Language.Code);
        }
    }

    private static async Task<IResult> ContinueAsync(HttpContext context, ProgrammaticExecutor executor, ContinuationForwarder forwarder,
        string token, ProgrammaticRequestBody body, byte[] raw, CancellationToken cancellationToken)
    {
        if (!ContinuationTokens.TryGetNode(token, out var node))
        {
            return NotFound();
        }
        if (node != executor.NodeId)
        {
            return !ContinuationForwarder.WasForwarded(context)
                && await forwarder.ForwardAsync(context, node, raw, cancellationToken) is { } forwarded
                ? forwarded
                : NotFound();
        }
        var results = new List<ToolResult>();
        foreach (var result in body.ToolResults ?? [])
        {
            if (result?.CallId is not { Length: > 0 and <= 128 } callId)
            {
                return ApiErrors.BadRequest("Invalid tool_results", "every result needs its call_id");
            }
            results.Add(new ToolResult(callId, result.Result, result.IsError == true, result.ErrorMessage));
        }
        try
        {
            var continued = await executor.ContinueAsync(token, RuntimeProfiles.Caller(context), results, RequestId(context), cancellationToken);
            return continued.Status switch
            {
                ContinuationStatus.Continued => Reply(context, continued.Step!),
                ContinuationStatus.Busy => ApiErrors.Status(StatusCodes.Status409Conflict, "continuation_in_progress",
                    "another continuation of this execution is being handled"),
                _ => NotFound(),
            };
        }
        catch (ExecutionRefusedException e)
        {
            return Refused(context, e, "");
        }
    }

    private static async Task<IResult> CancelAsync(HttpContext context, ProgrammaticExecutor executor, ContinuationForwarder forwarder,
        CancellationToken cancellationToken)
    {
        byte[] raw;
        CancelRequestBody? body;
        try
        {
            raw = await ReadAsync(context.Request.Body, cancellationToken);
            body = JsonSerializer.Deserialize(raw, ApiJsonContext.Default.CancelRequestBody);
        }
        catch (JsonException e)
        {
            return ApiErrors.BadRequest("Invalid JSON body", e.Message);
        }
        if (body?.RequestId is not { Length: > 0 and <= 128 } requestId)
        {
            return ApiErrors.BadRequest("Missing request_id");
        }
        if (await executor.CancelAsync(requestId, RuntimeProfiles.Caller(context))
            || (!ContinuationForwarder.WasForwarded(context) && await forwarder.BroadcastCancelAsync(context, raw, cancellationToken)))
        {
            return TypedResults.Json(new CancelResponseBody("cancelled"), ApiJsonContext.Default.CancelResponseBody);
        }
        return NotFound();
    }

    private static IResult Reply(HttpContext context, ProgrammaticStep step)
    {
        RuntimeProfiles.Served(context, step.RuntimeSession is not null);
        return TypedResults.Json(ProgrammaticResponseMapper.ToBody(step), ApiJsonContext.Default.ProgrammaticResponseBody);
    }

    private static IResult Refused(HttpContext context, ExecutionRefusedException e, string language) => e.Error switch
    {
        ExecutionError.QueueFull => ApiErrors.RateLimited(context, retryAfterSeconds: 2),
        ExecutionError.ShuttingDown => ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "Shutting down", e.Message),
        ExecutionError.SandboxUnavailable => ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "Sandbox unavailable", e.Message),
        ExecutionError.LanguageUnavailable => ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, $"Language unavailable: {language}", e.Message),
        ExecutionError.InputNotFound => ApiErrors.BadRequest("File not found", e.Message),
        _ => ApiErrors.BadRequest("Invalid files", e.Message),
    };

    /// <summary>The same answer for a token that never existed, was used, expired, or belongs to another caller.</summary>
    private static IResult NotFound() => ApiErrors.Status(StatusCodes.Status404NotFound, "Execution not found",
        "no paused execution has this continuation token for this caller (unknown, already used, expired, or ended)");

    private static string? RequestId(HttpContext context) =>
        context.Request.Headers[RequestIdHeader].ToString() is { Length: > 0 and <= 128 } id ? id : null;

    private static async Task<byte[]> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
