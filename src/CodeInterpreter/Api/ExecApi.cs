using System.Text.Json;
using CodeInterpreter.Auth;
using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Api.Limits;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Workspaces;
using CodeInterpreter.Http;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api;

/// <summary>POST /exec: validate, run, reply with the union of both generations' fields.</summary>
internal static class ExecApi
{
    public static RouteGroupBuilder MapExecApi(this RouteGroupBuilder group)
    {
        group.MapPost("/exec", ExecAsync);
        return group;
    }

    private static async Task<Results<Ok<ExecResponseBody>, JsonHttpResult<ErrorBody>, JsonHttpResult<RateLimitedBody>, EmptyHttpResult>> ExecAsync(
        HttpContext context, CodeExecutor executor, LanguageCatalog languages, ExecRateLimiter rateLimiter, IOptions<ExecutionOptions> options,
        Workspaces workspaces, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxRequestKb * 1024L;
        }
        ExecRequestBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ApiJsonContext.Default.ExecRequestBody, cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiErrors.BadRequest("Invalid JSON body", e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrors.TooLarge($"Request body larger than {options.Value.MaxRequestKb} KiB");
        }

        var parsed = ExecRequestParser.Parse(body, languages);
        if (parsed.Error is { } error)
        {
            return error;
        }
        var (runtimeSession, profileError) = RuntimeProfiles.Resolve(context, body!.RuntimeSessionHint, null, workspaces.Mode);
        if (profileError is not null)
        {
            return profileError;
        }
        parsed.Request = parsed.Request! with { RuntimeSession = runtimeSession };
        var user = parsed.Request!.UserId ?? context.Items[ApiKeyFilter.SubjectItem] as string;
        if (!rateLimiter.TryAcquire(user, out var retryAfter))
        {
            return ApiErrors.RateLimited(context, retryAfter);
        }
        try
        {
            var request = parsed.Request! with { UserId = user, Credential = context.Items[ApiKeyFilter.CredentialItem] as string };
            var outcome = await executor.ExecuteAsync(request, cancellationToken);
            return TypedResults.Ok(ExecResponseMapper.ToBody(outcome));
        }
        catch (WorkspaceBusyException e)
        {
            return RuntimeProfiles.Busy(e.Message);
        }
        catch (ExecutionRefusedException e) when (e.Error == ExecutionError.QueueFull)
        {
            return ApiErrors.RateLimited(context, retryAfterSeconds: 2);
        }
        catch (ExecutionRefusedException e) when (e.Error == ExecutionError.ShuttingDown)
        {
            // LibreChat shows anything but 4xx/429 as "temporarily unavailable": right for a restart.
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "Shutting down", e.Message);
        }
        catch (ExecutionRefusedException e) when (e.Error == ExecutionError.SandboxUnavailable)
        {
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "Sandbox unavailable", e.Message);
        }
        catch (ExecutionRefusedException e) when (e.Error == ExecutionError.LanguageUnavailable)
        {
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, $"Language unavailable: {parsed.Request!.Language.Code}", e.Message);
        }
        catch (ExecutionRefusedException e) when (e.Error == ExecutionError.InputTooLarge)
        {
            return ApiErrors.Status(StatusCodes.Status413PayloadTooLarge, "Input files too large", e.Message);
        }
        catch (ExecutionRefusedException e)
        {
            return ApiErrors.BadRequest(e.Error == ExecutionError.InputNotFound ? "File not found" : "Invalid files", e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; its run was killed. Nobody reads this reply.
            return TypedResults.Empty;
        }
    }
}
