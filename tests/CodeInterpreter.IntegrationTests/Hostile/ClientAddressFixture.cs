using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// An instance for attacks on the client address itself: idle-connection floods and forged <c>X-Forwarded-For</c>.
/// It keeps the default trusted proxies (none), and has low connection limits (40 in all, 8 per address, idle ones
/// closed after 3 s) so a flood is over in seconds, and a tight failed-authentication limit. Attackers speak from
/// 127.0.0.2 and up; 127.0.0.1 plays LibreChat.
/// </summary>
public sealed class ClientAddressFixture : IAsyncLifetime
{
    public const int MaxConnections = 40;
    public const int MaxConnectionsPerAddress = 8;
    public const int KeepAliveSeconds = 3;
    public const int AuthFailuresPerMinute = 5;

    public ServiceProcess Service { get; } = new(new Dictionary<string, string>
    {
        ["CODE_MAX_CONNECTIONS"] = Invariant(MaxConnections),
        ["CODE_MAX_CONNECTIONS_PER_ADDRESS"] = Invariant(MaxConnectionsPerAddress),
        ["CODE_KEEPALIVE_TIMEOUT_SECONDS"] = Invariant(KeepAliveSeconds),
        ["CODE_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE"] = Invariant(AuthFailuresPerMinute),
        ["CODE_WARM_POOL_SIZE"] = "0",
    });

    public Task InitializeAsync() => Service.StartAsync();

    public Task DisposeAsync() => Service.DisposeAsync().AsTask();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class ClientAddressCollection : ICollectionFixture<ClientAddressFixture>
{
    public const string Name = "ClientAddress";
}
