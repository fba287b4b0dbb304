namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>A bad setting stops startup with one line naming it, and exit code 78 (EX_CONFIG), never a stack trace.</summary>
public sealed class ConfigurationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("CODE_MEMORY_MB", "abc", "CODE_MEMORY_MB (Execution:MemoryMb) must be a whole number, got 'abc'")]
    [InlineData("PORT", "99999", "PORT must be 0-65535, got 99999")]
    [InlineData("CODE_SESSION_TTL_HOURS", "soon", "CODE_SESSION_TTL_HOURS (Storage:SessionTtl) must be a number of hours, got 'soon'")]
    [InlineData("CODE_LOG_FORMAT", "xml", "CODE_LOG_FORMAT must be text or json, got 'xml'")]
    // Read when the server is built, before the check: they must still end in the one line, not a stack trace.
    [InlineData("CODE_KEEPALIVE_TIMEOUT_SECONDS", "abc", "CODE_KEEPALIVE_TIMEOUT_SECONDS (Connections:KeepAliveTimeoutSeconds) must be a whole number, got 'abc'")]
    [InlineData("CODE_MAX_CONNECTIONS", "-1", "CODE_MAX_CONNECTIONS must be 0 (derived from the file-descriptor limit) to 1000000, got -1")]
    [InlineData("CODE_REQUEST_HEADERS_TIMEOUT_SECONDS", "0", "Limits: rates must not be negative; body size, header timeout and body rate must be positive")]
    public async Task BadSetting_StopsStartupWithOneLineReason(string variable, string value, string reason)
    {
        await using var service = new ServiceProcess(new Dictionary<string, string> { [variable] = value });

        var (exitCode, printed) = await service.RunToExitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(printed);
        Assert.Equal(78, exitCode);
        Assert.Equal($"code-interpreter: invalid configuration: {reason}", printed.Trim());
    }

    [SandboxFact]
    public async Task SecondInstanceOnTheSameDataDir_StopsAtStartup_AndTheFirstKeepsServing()
    {
        await using var first = new ServiceProcess();
        await first.StartAsync();
        await using var second = new ServiceProcess(new Dictionary<string, string> { ["CODE_DATA_DIR"] = first.DataDir });

        var (exitCode, printed) = await second.RunToExitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(printed);
        Assert.Equal(78, exitCode);
        Assert.Contains("another service instance is using it", printed, StringComparison.Ordinal);
        using var client = first.CreateClient(first.Keys[0]);
        await client.AssertStillServingAsync();
    }
}
