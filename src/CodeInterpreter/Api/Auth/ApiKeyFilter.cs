namespace CodeInterpreter.Api.Auth;

/// <summary>Endpoint filter on every route but /health: 401 <c>{"error":"Unauthorized"}</c> without a valid key.</summary>
internal sealed class ApiKeyFilter(ApiKeyAuthenticator authenticator) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        authenticator.IsAuthorized(context.HttpContext.Request)
            ? next(context)
            : ValueTask.FromResult<object?>(ApiErrors.Status(StatusCodes.Status401Unauthorized, "Unauthorized",
                "Send the API key in X-API-Key, or as Basic auth (http://KEY@host/v1)"));
}
