using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace CodeInterpreter.Storage.S3;

internal static class S3ClientFactory
{
    /// <summary>
    /// A client that works against AWS and the S3-compatible stores alike. The checksum settings plus
    /// <c>UseChunkEncoding = false</c> on every upload (set by the store) keep the SDK from sending aws-chunked
    /// bodies, which Swift's s3api (and some other stores) refuse with 501.
    /// </summary>
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.UsesPathStyle,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 5)),
        };
        if (options.Endpoint.Length > 0)
        {
            config.ServiceURL = options.Endpoint;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
