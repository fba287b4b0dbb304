namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>
/// Missing toolchains fail a test, with one exception in the spirit of <see cref="SandboxFactAttribute"/>: outside CI
/// (CI != "true") a language that /health reports unavailable is skipped with a message instead.
/// </summary>
internal static class LanguageAvailability
{
    public static async Task RequireAsync(HttpClient client, string code)
    {
        if (TestEnvironment.IsCi)
        {
            return;
        }
        using var response = await client.GetAsync("health");
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var entry = health?["languages"]?[code];
        // A language /health does not list at all is not "unavailable": the test runs and fails on its own.
        if (entry?["available"]?.GetValue<bool>() == false)
        {
            throw new LanguageSkipException(
                $"'{code}' is unavailable on this machine (/health: {entry.ToJsonString()}); with CI=true this test fails");
        }
    }
}
