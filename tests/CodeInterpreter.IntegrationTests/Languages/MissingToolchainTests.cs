namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>A language whose toolchain is missing is reported, and refused with 503, while the others keep working.</summary>
[Collection(MissingToolchainCollection.Name)]
public sealed class MissingToolchainTests(MissingToolchainFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    private const string Lang = MissingToolchainFixture.MissingLanguage;

    [SandboxFact]
    public async Task Health_MissingToolchain_IsUnavailable()
    {
        var entry = (await Client.GetJsonAsync("health"))["languages"]?[Lang];

        Assert.False(entry?["available"]?.GetValue<bool>() ?? true, $"{Lang}: {entry?.ToJsonString()}");
    }

    [SandboxFact]
    public async Task Exec_MissingToolchain_Returns503LanguageUnavailable()
    {
        using var response = await Client.PostExecAsync(ServiceApi.ExecBody(Lang, "console.log(1)"));

        var body = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal($"Language unavailable: {Lang}", body.Str("error"));
        await Client.AssertStillServingAsync();
    }
}
