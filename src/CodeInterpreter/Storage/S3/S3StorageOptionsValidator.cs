using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage.S3;

/// <summary>Startup checks of <c>Storage:S3</c>: a bad setting stops the service with its name instead of failing uploads later.</summary>
internal static partial class S3StorageOptionsValidator
{
    public static void Validate(S3StorageOptions o, ValidateOptionsResultBuilder builder)
    {
        if (!BucketName().IsMatch(o.Bucket))
        {
            Fail(builder, nameof(o.Bucket), "is required: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
        }
        if (o.Endpoint.Length > 0
            && !(Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0))
        {
            Fail(builder, nameof(o.Endpoint), "must be an http(s) URL without credentials, e.g. http://minio:9000");
        }
        if (string.IsNullOrWhiteSpace(o.Region))
        {
            Fail(builder, nameof(o.Region), "is required (us-east-1 suits most S3-compatible stores)");
        }
        if ((o.AccessKey.Length == 0) != (o.SecretKey.Length == 0))
        {
            Fail(builder, nameof(o.AccessKey), "and CODE_S3_SECRET_KEY must be set together (or both left empty for the SDK's default credentials)");
        }
        if (o.KeyPrefix.Length > 0 && (o.KeyPrefix.StartsWith('/') || !o.KeyPrefix.EndsWith('/') || o.KeyPrefix.Contains("//", StringComparison.Ordinal)))
        {
            Fail(builder, nameof(o.KeyPrefix), "must end with '/' and not start with one, e.g. code-interpreter/");
        }
        if (o.MultipartThresholdMb is < 5 or > 5120)
        {
            Fail(builder, nameof(o.MultipartThresholdMb), "must be between 5 (S3's smallest part) and 5120");
        }
        if (o.TimeoutSeconds is < 1 or > 600)
        {
            Fail(builder, nameof(o.TimeoutSeconds), "must be between 1 and 600");
        }
        if (o.MaxRetries is < 0 or > 10)
        {
            Fail(builder, nameof(o.MaxRetries), "must be between 0 and 10");
        }
        if (o.OperationTimeoutSeconds < o.TimeoutSeconds || o.OperationTimeoutSeconds > 3600)
        {
            Fail(builder, nameof(o.OperationTimeoutSeconds), "must be at least TimeoutSeconds and at most 3600");
        }
    }

    /// <summary>"Bucket" → "CODE_S3_BUCKET (Storage:S3:Bucket) is required…", the way operators set it.</summary>
    private static void Fail(ValidateOptionsResultBuilder builder, string property, string problem) =>
        builder.AddError($"CODE_S3_{Words().Replace(property, "$1_$2").ToUpperInvariant()} (Storage:S3:{property}) {problem}");

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Words();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
