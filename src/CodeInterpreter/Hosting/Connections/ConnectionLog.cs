namespace CodeInterpreter.Hosting.Connections;

/// <summary>
/// The connection limits' log lines. A flood refuses thousands of connections a second: the first refusal is
/// logged, then at most one summary a minute with the count, so the attack cannot fill the disk with log lines.
/// </summary>
internal sealed partial class ConnectionLog(ILogger<ConnectionLog> logger, TimeProvider time)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private long _refusedSinceLast;
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

    public void Refused(string limit, string address)
    {
        long count;
        lock (_lock)
        {
            _refusedSinceLast++;
            var now = time.GetUtcNow();
            if (now - _lastLogged < s_interval)
            {
                return;
            }
            _lastLogged = now;
            count = _refusedSinceLast;
            _refusedSinceLast = 0;
        }
        RefusedConnections(logger, count, limit, address);
    }

    public void Budget(DescriptorBudget budget, int perAddress, int keepAliveSeconds, int openNow)
    {
        Descriptors(logger, budget.Limit, budget.HardLimit, openNow, budget.MaxConnections, budget.Derived ? "derived" : "set",
            perAddress, keepAliveSeconds, budget.Reserved, budget.Runs);
        if (budget.IsLow)
        {
            LowLimit(logger, budget.Limit, budget.HardLimit, budget.Reserved + budget.ForConnections, budget.MaxConnections, budget.Runs);
        }
    }

    [LoggerMessage(EventId = 6300, Level = LogLevel.Information,
        Message = "File descriptors: limit {Limit} (hard {HardLimit}), {OpenNow} open; connections: at most {MaxConnections} ({How}), "
            + "{PerAddress} per address, idle ones closed after {KeepAliveSeconds} s; {Reserved} kept for the runtime and {Runs} runs")]
    private static partial void Descriptors(ILogger logger, long limit, long hardLimit, int openNow, int maxConnections, string how,
        int perAddress, int keepAliveSeconds, long reserved, int runs);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning,
        Message = "The file-descriptor limit {Limit} (hard {HardLimit}) is below the {Needed} that {MaxConnections} connections and {Runs} runs "
            + "may need: raise it (systemd LimitNOFILE=, docker --ulimit nofile=) or lower CODE_MAX_CONNECTIONS")]
    private static partial void LowLimit(ILogger logger, long limit, long hardLimit, long needed, int maxConnections, int runs);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning,
        Message = "Refused {Count} connections with 503 since the last report (at most one a minute): {Limit}, latest from {Address}")]
    private static partial void RefusedConnections(ILogger logger, long count, string limit, string address);
}
