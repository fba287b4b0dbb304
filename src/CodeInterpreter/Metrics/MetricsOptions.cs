namespace CodeInterpreter.Metrics;

/// <summary>Section "Metrics" (<c>CODE_METRICS_PUBLIC</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// /metrics asks for the API key like every route but /health and /openapi.json (Prometheus sends it with
    /// <c>basic_auth: {username: KEY}</c>). True serves it without a key, for a scraper on a private network.
    /// </summary>
    public bool Public { get; set; }
}
