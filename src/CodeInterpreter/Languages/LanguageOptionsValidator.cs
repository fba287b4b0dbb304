using Microsoft.Extensions.Options;

namespace CodeInterpreter.Languages;

/// <summary>Compile limits and the toolchain path: a bad value stops startup instead of failing the first compile.</summary>
internal sealed class LanguageOptionsValidator : IValidateOptions<LanguageOptions>
{
    public ValidateOptionsResult Validate(string? name, LanguageOptions o)
    {
        List<string> errors = [];
        if (o.CompileCacheMb < 1)
        {
            errors.Add($"CompileCacheMb (CODE_COMPILE_CACHE_MB) must be at least 1, got {o.CompileCacheMb}");
        }
        if (o.CompileTimeoutSeconds < 1)
        {
            errors.Add($"CompileTimeoutSeconds (CODE_COMPILE_TIMEOUT_SECONDS) must be at least 1, got {o.CompileTimeoutSeconds}");
        }
        if (o.CompileMemoryMb < 64)
        {
            errors.Add($"CompileMemoryMb must be at least 64, got {o.CompileMemoryMb}");
        }
        if (o.CompileMaxProcesses < 1)
        {
            errors.Add($"CompileMaxProcesses must be at least 1, got {o.CompileMaxProcesses}");
        }
        if (o.EsbuildPath is { Length: > 0 } esbuild && !Path.IsPathFullyQualified(esbuild))
        {
            errors.Add($"EsbuildPath (CODE_ESBUILD_PATH) must be an absolute path, got '{esbuild}'");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
