using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>Section "Programmatic": programmatic tool calling (<c>POST /exec/programmatic</c>).</summary>
public sealed class ProgrammaticOptions
{
    /// <summary><c>CODE_PTC_RESULT_WAIT_SECONDS</c>: how long a paused program waits for its tool results before it is killed.</summary>
    public int ResultWaitSeconds { get; set; } = 300;

    /// <summary>Pauses for tool calls one execution may make (LibreChat's client stops at 20 by default).</summary>
    public int MaxRoundTrips { get; set; } = 50;

    /// <summary>Tool calls one pause may carry; a program that makes more at once is stopped.</summary>
    public int MaxCallsPerRoundTrip { get; set; } = 100;

    /// <summary>Tools one request may declare.</summary>
    public int MaxTools { get; set; } = 100;

    /// <summary>
    /// <c>CODE_PTC_MAX_EXECUTIONS</c>: programmatic executions alive at once on this node, running or paused; more get
    /// 429. Each holds a sandbox uid, its memory and its /mnt/data while paused (the uid pool grows by this number).
    /// </summary>
    public int MaxExecutions { get; set; } = 8;

    /// <summary>One tool result larger than this (as JSON) reaches the program as an error instead.</summary>
    public int MaxResultKb { get; set; } = 1024;

    /// <summary>One batch of calls the program sends (names and inputs, as JSON); a longer one ends its connection.</summary>
    public int MaxCallBatchKb { get; set; } = 1024;

    /// <summary>The largest continuation body (all tool results of one pause).</summary>
    public int MaxContinuationKb { get; set; } = 16384;

    /// <summary>
    /// <c>CODE_NODE_URL</c>: this node's address as the other nodes reach it (<c>http://10.0.0.5:8700</c>). Set on every
    /// node behind one load balancer: a continuation that reaches another node is forwarded here. Empty: none.
    /// </summary>
    public string NodeUrl { get; set; } = "";

    public TimeSpan ResultWait => TimeSpan.FromSeconds(ResultWaitSeconds);
}

internal sealed class ProgrammaticOptionsValidator : IValidateOptions<ProgrammaticOptions>
{
    public ValidateOptionsResult Validate(string? name, ProgrammaticOptions o)
    {
        List<string> errors = [];
        void Range(int value, int min, int max, string what)
        {
            if (value < min || value > max)
            {
                errors.Add($"{what} must be between {min} and {max}, got {value}");
            }
        }
        Range(o.ResultWaitSeconds, 1, 3600, "Programmatic:ResultWaitSeconds (CODE_PTC_RESULT_WAIT_SECONDS)");
        Range(o.MaxRoundTrips, 1, 10000, "Programmatic:MaxRoundTrips");
        Range(o.MaxCallsPerRoundTrip, 1, 10000, "Programmatic:MaxCallsPerRoundTrip");
        Range(o.MaxTools, 1, 10000, "Programmatic:MaxTools");
        Range(o.MaxExecutions, 0, 4096, "Programmatic:MaxExecutions (CODE_PTC_MAX_EXECUTIONS)");
        Range(o.MaxResultKb, 1, 1024 * 1024, "Programmatic:MaxResultKb");
        Range(o.MaxCallBatchKb, 1, 1024 * 1024, "Programmatic:MaxCallBatchKb");
        Range(o.MaxContinuationKb, 1, 1024 * 1024, "Programmatic:MaxContinuationKb");
        if (o.NodeUrl.Length > 0 && !PeerUrls.IsValid(o.NodeUrl))
        {
            errors.Add($"Programmatic:NodeUrl (CODE_NODE_URL) must be an absolute http(s) URL without user, path, query or fragment, got '{o.NodeUrl}'");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The one shape a peer's address may have: scheme, host and port, nothing a client could smuggle in.</summary>
public static class PeerUrls
{
    public static bool IsValid(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.UserInfo.Length == 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && !url!.EndsWith('/') && !url.Contains('#') && !url.Contains('?');
}
