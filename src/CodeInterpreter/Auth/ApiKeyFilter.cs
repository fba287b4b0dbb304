using CodeInterpreter.Http;

namespace CodeInterpreter.Auth;

/// <summary>
/// Endpoint filter on every route but /health: 401 <c>{"error":"Unauthorized"}</c> without valid credentials, and
/// 429 instead for an address that failed too often. Credentials are checked first, so valid ones always pass: an
/// attacker who shares an address with LibreChat (a NAT, an unlisted proxy) cannot lock LibreChat out.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyAuthenticator authenticator, FailedAuthThrottle throttle) : IEndpointFilter
{
    /// <summary>HttpContext.Items key of the authenticated token subject (absent for API keys).</summary>
    public const string SubjectItem = "CodeInterpreter.Auth.Subject";

    /// <summary>HttpContext.Items key of the credential's name (<see cref="AuthResult.Credential"/>).</summary>
    public const string CredentialItem = "CodeInterpreter.Auth.Credential";

    /// <summary>HttpContext.Items key of the caller identity (<see cref="AuthResult.Caller"/>) that state is bound to.</summary>
    public const string CallerItem = "CodeInterpreter.Auth.Caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await authenticator.AuthenticateAsync(http.Request);
        if (!result.Authorized)
        {
            return Refuse(http);
        }
        http.Items[CredentialItem] = result.Credential;
        if (result.Subject is { } subject)
        {
            http.Items[SubjectItem] = subject;
        }
        http.Items[CallerItem] = result.Caller;
        return await next(context);
    }

    private object Refuse(HttpContext http)
    {
        var address = AddressKey.Of(http.Connection.RemoteIpAddress);
        ErrorReplies.CloseAfterReply(http);
        if (throttle.IsLocked(address, out var retryAfter))
        {
            return ErrorReplies.RateLimited(http, retryAfter);
        }
        throttle.RecordFailure(address);
        return ErrorReplies.Status(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send the API key in X-API-Key, as Basic auth (http://KEY@host/v1), or a signed Bearer token");
    }
}
