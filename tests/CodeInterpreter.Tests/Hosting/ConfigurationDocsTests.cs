using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CodeInterpreter.Api;
using CodeInterpreter.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Health;
using CodeInterpreter.Hosting;
using CodeInterpreter.Languages;
using CodeInterpreter.Metrics;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Tests.Hosting;

/// <summary>
/// docs/configuration.md cannot drift from the code: each row's key really binds its property (set through the
/// service's own registrations), every settable property of every options class has a row, and every flat variable
/// of the environment-variable map is documented next to the key it sets.
/// </summary>
public sealed partial class ConfigurationDocsTests
{
    private sealed record Row(string? Variable, string Key);

    private static readonly Lazy<IReadOnlyList<Row>> s_rows = new(ReadRows);

    [GeneratedRegex(@"^\|\s*(?:`(?<var>[A-Z0-9_]+)`|—)\s*\|\s*`(?<key>[A-Za-z0-9:]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex RowPattern();

    private static IReadOnlyList<Row> ReadRows()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodeInterpreter.sln")))
        {
            dir = dir.Parent;
        }
        var text = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "configuration.md"));
        return [.. RowPattern().Matches(text).Select(m => new Row(m.Groups["var"].Success ? m.Groups["var"].Value : null, m.Groups["key"].Value))];
    }

    /// <summary>Every options class, with the settable properties it binds (nested options by their own prefix).</summary>
    private static IEnumerable<(Type Options, string Property, Type PropertyType)> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .SelectMany(p => p.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal)
                ? SettableProperties(p.PropertyType).Select(inner => (inner.Options, $"{p.Name}:{inner.Property}", inner.PropertyType))
                : [(type, p.Name, p.PropertyType)]);

    private static readonly Type[] s_optionsTypes = [.. typeof(CodeExecutor).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetConstructor(Type.EmptyTypes) is not null)];

    private static readonly Type[] s_topLevelOptions = [.. s_optionsTypes
        .Where(t => !s_optionsTypes.Any(o => o.GetProperties().Any(p => p.PropertyType == t)))];

    [Fact]
    public void EveryDocumentedKey_BindsItsPropertyThroughTheServicesOwnRegistrations()
    {
        var configuration = new Dictionary<string, string?>();
        foreach (var type in s_topLevelOptions)
        {
            foreach (var (_, property, propertyType) in SettableProperties(type))
            {
                if (s_rows.Value.Select(r => r.Key).FirstOrDefault(k => KeyMatches(k, type, property)) is { } key)
                {
                    foreach (var (k, v) in SampleEntries(key, type, property, propertyType))
                    {
                        configuration[k] = v;
                    }
                }
            }
        }
        using var services = Build(configuration);

        var unbound = new List<string>();
        foreach (var type in s_topLevelOptions)
        {
            var options = Configured(services, type);
            foreach (var (_, property, propertyType) in SettableProperties(type))
            {
                var key = s_rows.Value.Select(r => r.Key).FirstOrDefault(k => KeyMatches(k, type, property));
                if (key is not null && !Equals(Read(options, property), Expected(type, property, propertyType)))
                {
                    unbound.Add($"{key} did not set {type.Name}.{property}");
                }
            }
        }
        Assert.Empty(unbound);
    }

    [Fact]
    public void EveryOptionsProperty_HasARow()
    {
        var keys = s_rows.Value.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var missing = s_topLevelOptions
            .SelectMany(t => SettableProperties(t).Select(p => (t, p.Property)))
            .Where(p => !keys.Any(k => KeyMatches(k, p.t, p.Property)))
            .Select(p => $"{p.t.Name}.{p.Property}")
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryFlatVariable_IsDocumentedWithTheKeyItSets()
    {
        var documented = s_rows.Value.Where(r => r.Variable is not null).ToList();
        Assert.Empty(EnvironmentVariableMap.Variables.Except(documented.Select(r => r.Variable!)));
        foreach (var row in documented)
        {
            var mapped = EnvironmentVariableMap.Map(name => name == row.Variable ? SampleFor(row.Variable) : null);
            var baseline = EnvironmentVariableMap.Map(_ => null);
            Assert.True(mapped.Any(kv => (kv.Key == row.Key || kv.Key.StartsWith(row.Key + ":", StringComparison.Ordinal))
                    && (!baseline.TryGetValue(kv.Key, out var before) || before != kv.Value)),
                $"{row.Variable} does not set {row.Key}");
        }
    }

    [Fact]
    public void TheRowsAreFound() => Assert.True(s_rows.Value.Count > 50, $"only {s_rows.Value.Count} rows parsed");

    private static string SampleFor(string variable) => variable switch
    {
        "CODE_DATA_DIR" => "/srv/doc-sample",
        "CODE_SESSION_TTL_HOURS" => "5",
        _ => "7",
    };

    private static bool KeyMatches(string key, Type type, string property)
    {
        var section = SectionOf(type);
        return section is not null && string.Equals(key, $"{section}:{property}", StringComparison.Ordinal);
    }

    /// <summary>The section a top-level options type is bound to, read from the registrations themselves.</summary>
    private static string? SectionOf(Type type) => s_sections.Value.GetValueOrDefault(type);

    private static readonly Lazy<Dictionary<Type, string>> s_sections = new(() =>
    {
        // Bind a marker under each candidate section name and see which one reaches the options object.
        var candidates = s_rows.Value.Select(r => r.Key[..r.Key.IndexOf(':', StringComparison.Ordinal)]).Distinct().ToList();
        var found = new Dictionary<Type, string>();
        foreach (var type in s_topLevelOptions)
        {
            var (property, propertyType) = SettableProperties(type).Where(p => !p.Property.Contains(':', StringComparison.Ordinal))
                .Select(p => (p.Property, p.PropertyType)).First();
            foreach (var section in candidates)
            {
                using var services = Build(SampleEntries($"{section}:{property}", type, property, propertyType).ToDictionary());
                if (Equals(Read(Configured(services, type), property), Expected(type, property, propertyType)))
                {
                    found[type] = section;
                    break;
                }
            }
        }
        return found;
    });

    private static object Expected(Type options, string property, Type type) =>
        type == typeof(string[]) ? "doc-sample" : SampleValue(options, property, type);

    private static ServiceProvider Build(Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServerHosting();
        builder.Services.AddAuth();
        builder.Services.AddApi();
        builder.Services.AddExecution();
        builder.Services.AddLanguages();
        builder.Services.AddSandbox();
        builder.Services.AddFileStore();
        builder.Services.AddServiceHealth();
        builder.Services.AddServiceMetrics();
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>A fresh options object with every registered configure step applied (binding only, no validation).</summary>
    private static object Configured(ServiceProvider services, Type type) =>
        typeof(ConfigurationDocsTests).GetMethod(nameof(ConfiguredOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [services])!;

    private static T ConfiguredOf<T>(ServiceProvider services) where T : class, new()
    {
        var options = new T();
        foreach (var configure in services.GetServices<IConfigureOptions<T>>())
        {
            configure.Configure(options);
        }
        return options;
    }

    private static object? Read(object options, string property)
    {
        object? value = options;
        foreach (var part in property.Split(':'))
        {
            value = value?.GetType().GetProperty(part)!.GetValue(value);
        }
        return value is string[] array ? string.Join(",", array) : value;
    }

    /// <summary>A value unlike the default: a bool is flipped, numbers and strings are unusual.</summary>
    private static object SampleValue(Type options, string property, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
        {
            return Read(Activator.CreateInstance(options)!, property) is not true;
        }
        if (type == typeof(int))
        {
            return 4242;
        }
        if (type == typeof(long))
        {
            return 4242L;
        }
        if (type == typeof(double))
        {
            return 42.5;
        }
        if (type.IsEnum)
        {
            // The last value is never the default here (Workspaces:Mode defaults to affinity, the middle one).
            return Enum.GetValues(type).Cast<object>().Last();
        }
        return type == typeof(TimeSpan) ? new TimeSpan(1, 2, 3) : "doc-sample";
    }

    private static IEnumerable<KeyValuePair<string, string?>> SampleEntries(string key, Type options, string property, Type type) =>
        type == typeof(string[])
            ? [new(key + ":0", "doc-sample")]
            : [new(key, Convert.ToString(SampleValue(options, property, type), CultureInfo.InvariantCulture))];
}
