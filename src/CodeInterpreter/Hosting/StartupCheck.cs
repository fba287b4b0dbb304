using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Hosting;

/// <summary>
/// Runs every settings check before the host starts, so that a bad value stops startup with one line on stderr,
/// e.g. <c>code-interpreter: invalid configuration: CODE_MEMORY_MB (Execution:MemoryMb) must be a whole number, got 'abc'</c>,
/// and exit code 78 (EX_CONFIG; the systemd unit does not restart on it) instead of a stack trace. The rules stay in
/// each feature's options validator (ValidateOnStart); this runs them early and words the outcome.
/// </summary>
internal static partial class StartupCheck
{
    public const int ExitCode = 78;

    public static bool Passes(WebApplication app)
    {
        if (Problem(app.Services, app.Configuration) is not { } problem)
        {
            return true;
        }
        Console.Error.WriteLine($"code-interpreter: invalid configuration: {problem}");
        return false;
    }

    /// <summary>Null when every setting is valid and the data dir is usable; else the reasons, on one line.</summary>
    internal static string? Problem(IServiceProvider services, IConfiguration configuration)
    {
        List<string> failures = [.. LoggingProblems(configuration)];
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            failures.AddRange(e.InnerExceptions.SelectMany(inner => inner is OptionsValidationException v ? v.Failures : [inner.Message]));
        }
        catch (InvalidOperationException e) when (Unconvertible(e.Message) is { } message)
        {
            failures.Add(message);
        }
        if (failures.Count == 0 && DataDirProblem(services.GetRequiredService<IOptions<ServerOptions>>().Value.DataDir) is { } dataDir)
        {
            failures.Add(dataDir);
        }
        return failures.Count == 0 ? null : string.Join("; ", failures.Select(f => f.ReplaceLineEndings(" ")));
    }

    private static IEnumerable<string> LoggingProblems(IConfiguration configuration)
    {
        if (configuration[ServiceLogging.FormatKey] is { } format && !ServiceLogging.Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"CODE_LOG_FORMAT must be text or json, got '{format}'";
        }
        if (configuration["Logging:LogLevel:Default"] is { } level && !ServiceLogging.Levels.Contains(level, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"CODE_LOG_LEVEL must be one of {string.Join(", ", ServiceLogging.Levels)}, got '{level}'";
        }
    }

    /// <summary>The configuration binder's "Failed to convert configuration value 'x' at 'Key' to type 'T'", in the user's terms.</summary>
    internal static string? Unconvertible(string message)
    {
        if (ConversionFailure().Match(message) is not { Success: true } match)
        {
            return null;
        }
        var (value, key, type) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        var name = EnvironmentVariableMap.VariableFor(key) is { } variable ? $"{variable} ({key})" : key;
        var expected = (key, type) switch
        {
            ("Storage:SessionTtl", _) => "a number of hours",
            (_, "System.Int32" or "System.Int64") => "a whole number",
            (_, "System.Boolean") => "true or false",
            (_, "System.Double") => "a number",
            (_, "System.TimeSpan") => "a duration such as 00:10:00",
            _ => $"a {type}",
        };
        return $"{name} must be {expected}, got '{value}'";
    }

    private static string? DataDirProblem(string dataDir)
    {
        try
        {
            DataDirectory.Prepare(dataDir);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"CODE_DATA_DIR '{dataDir}' is not usable: {e.Message}";
        }
    }

    [GeneratedRegex("^Failed to convert configuration value '(.*)' at '([^']+)' to type '([^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
