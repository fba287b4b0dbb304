using Microsoft.Extensions.Options;

namespace CodeInterpreter.Api;

/// <summary>Section "Api".</summary>
public sealed class ApiOptions
{
    /// <summary>Routes are served at the root and under this prefix (LibreChat's base URL usually ends in /v1).</summary>
    public string PathPrefix { get; set; } = "/v1";

    /// <summary>Largest upload request (LibreChat sends up to 150 MiB).</summary>
    public int MaxUploadMb { get; set; } = 150;

    /// <summary>Most file parts in one upload request.</summary>
    public int MaxFilesPerUpload { get; set; } = 100;
}

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        if (options.MaxUploadMb <= 0 || options.MaxFilesPerUpload <= 0)
        {
            return ValidateOptionsResult.Fail("MaxUploadMb (CODE_MAX_UPLOAD_MB) and MaxFilesPerUpload must be positive");
        }
        return options.PathPrefix is "" or "/" || (options.PathPrefix.StartsWith('/') && !options.PathPrefix.EndsWith('/'))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"PathPrefix (CODE_PATH_PREFIX) must look like /v1, got '{options.PathPrefix}'");
    }
}
