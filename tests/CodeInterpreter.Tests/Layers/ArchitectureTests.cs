using CodeInterpreter.Api;
using CodeInterpreter.Execution;

namespace CodeInterpreter.Tests.Layers;

/// <summary>
/// The house's arrows point down: each feature folder (the namespace under <c>CodeInterpreter.</c>) may use only the
/// features listed for it. Program, Hosting and OpenApi sit on top and may use anything. A new feature must be
/// placed here before it can be used.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] s_ground = ["Sandbox", "Storage", "Languages", "Files"];

    /// <summary>Feature → the features it may use (besides itself).</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Files"] = [],
        ["Http"] = [],
        ["Sandbox"] = ["Files"],
        ["Storage"] = ["Files"],
        ["Languages"] = ["Files"],
        ["Execution"] = s_ground,
        ["Auth"] = ["Http"],
        ["Health"] = [.. s_ground, "Execution", "Auth", "Http"],
        ["Metrics"] = [.. s_ground, "Execution", "Auth", "Http"],
        // The API runs code through Execution only; it never reaches into the sandbox.
        ["Api"] = ["Execution", "Storage", "Languages", "Files", "Auth", "Http"],
    };

    private static readonly string[] s_top = ["Hosting", "OpenApi"];

    private static string? FeatureOf(Type type)
    {
        var ns = TypeReferences.Outermost(type).Namespace;
        if (ns is null || !ns.StartsWith("CodeInterpreter.", StringComparison.Ordinal))
        {
            return ns == "CodeInterpreter" ? "" : null;
        }
        return ns["CodeInterpreter.".Length..].Split('.')[0];
    }

    private static IEnumerable<(string From, string To, string Detail)> Dependencies() =>
        typeof(CodeExecutor).Assembly.GetTypes()
            .Where(t => t.DeclaringType is null && FeatureOf(t) is { Length: > 0 })
            .SelectMany(t => NestedAndSelf(t).SelectMany(TypeReferences.Of)
                .Where(u => u.Assembly == t.Assembly && FeatureOf(u) is { Length: > 0 } to && to != FeatureOf(t))
                .Select(u => (FeatureOf(t)!, FeatureOf(u)!, $"{t.FullName} uses {TypeReferences.Outermost(u).FullName}")))
            .Distinct();

    private static IEnumerable<Type> NestedAndSelf(Type type) =>
        type.GetNestedTypes(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .SelectMany(NestedAndSelf).Prepend(type);

    [Fact]
    public void EveryFeature_IsPlacedOnAFloor()
    {
        var features = typeof(CodeExecutor).Assembly.GetTypes().Select(FeatureOf).OfType<string>().Where(f => f.Length > 0).ToHashSet();
        Assert.Empty(features.Except(s_allowed.Keys).Except(s_top));
    }

    [Fact]
    public void NoFeature_UsesAFloorAboveOrBesideIt()
    {
        var violations = Dependencies()
            .Where(d => s_allowed.TryGetValue(d.From, out var allowed) && !allowed.Contains(d.To))
            .Select(d => d.Detail)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(violations.Count == 0, "Imports that point up or sideways:\n" + string.Join("\n", violations));
    }

    /// <summary>The scan sees real dependencies, including ones inside method bodies; else the test above proves nothing.</summary>
    [Fact]
    public void TheScan_SeesKnownDependencies()
    {
        var found = Dependencies().Select(d => (d.From, d.To)).ToHashSet();
        Assert.Contains(("Api", "Execution"), found);
        Assert.Contains(("Execution", "Sandbox"), found);
        Assert.Contains(("Sandbox", "Files"), found);
        // Only inside a method body: ExecStatusWire.Of switches over ExecutionStatus values (no using of Api by Execution).
        Assert.Contains(TypeReferences.Of(typeof(ExecResponseMapper)), t => t == typeof(ExecStatusWire));
    }
}
