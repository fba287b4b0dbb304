using System.Reflection;
using System.Text.RegularExpressions;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>The documents a newcomer reads stay short, and the threat model's proofs stay real.</summary>
public sealed partial class DocumentationTests
{
    [GeneratedRegex(@"`(?<class>[A-Z][A-Za-z]*Tests)\.(?<method>[A-Z][A-Za-z0-9_]*)`")]
    private static partial Regex TestReference();

    [Theory]
    [InlineData("README.md", 12_000)]
    [InlineData("SECURITY.md", 8_000)]
    public void EntryDocuments_StayShort(string file, int maxBytes) =>
        Assert.InRange(new FileInfo(Path.Combine(ServiceBinary.RepoRoot(), file)).Length, 1_000, maxBytes);

    /// <summary>
    /// docs/threat-model.md names the test that proves each row (`Class.Method`): each name must be a test of this
    /// assembly, so a renamed or deleted attack test cannot leave a claim standing without proof.
    /// </summary>
    [Fact]
    public void EveryTestTheThreatModelNames_Exists()
    {
        var text = File.ReadAllText(Path.Combine(ServiceBinary.RepoRoot(), "docs", "threat-model.md"));
        var tests = typeof(DocumentationTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()).Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var named = TestReference().Matches(text).Select(m => $"{m.Groups["class"].Value}.{m.Groups["method"].Value}").Distinct().ToList();

        Assert.True(named.Count >= 40, $"only {named.Count} test references found in the threat model");
        var missing = named.Where(n => !tests.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "named in docs/threat-model.md but not a test: " + string.Join(", ", missing));
    }
}
