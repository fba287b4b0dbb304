namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>TCP, UDP, DNS, raw and packet sockets, and the host's unix sockets: the sandbox has no way out.</summary>
[Collection(HostileCollection.Name)]
public sealed class NetworkAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task Exec_TcpToTheServiceOnIpv4AndIpv6LoopbackAndOutside_IsUnreachable()
    {
        var reply = await AttackAsync("network/tcp_connect.py", timeoutMs: 5000);

        reply.AssertSelfReportedContained();
        Assert.Contains($"CONTAINED tcp 127.0.0.1:{Service.Port}", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains($"CONTAINED tcp ::1:{Service.Port}", reply.Str("stdout"), StringComparison.Ordinal);
        // The host's side: its loopback listeners, which the program tried, accepted nothing.
        Assert.Contains($"CONTAINED tcp 127.0.0.1:{Hostile.Sockets.TcpPort}", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains($"CONTAINED tcp ::1:{Hostile.Sockets.Tcp6Port}", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.Equal(0, Hostile.Sockets.Accepted);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_DnsAndUdp_GetNoAnswer()
    {
        var reply = await AttackAsync("network/dns_udp.py", timeoutMs: 5000);

        reply.AssertSelfReportedContained();
        // The host's side: nothing reached its UDP socket on the loopback.
        Assert.Equal(0, Hostile.Sockets.DatagramsReceived);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_RawAndPacketSockets_AreRefused()
    {
        var reply = await AttackAsync("network/raw_sockets.c");

        reply.AssertSelfReportedContained();
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_HostUnixSocketsAbstractAndOnDisk_AreUnreachable()
    {
        var reply = await AttackAsync("network/unix_sockets.py");

        reply.AssertSelfReportedContained();
        Assert.Equal(0, Hostile.Sockets.Accepted);
        await AssertAftermathAsync();
    }
}
