using Amazon.S3;
using Amazon.S3.Model;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;

namespace CodeInterpreter.Tests.Storage;

/// <summary>The S3-compatible store the test run started (scripts/s3-test-store.sh exports CODE_TEST_S3_*).</summary>
internal static class TestS3Store
{
    public static string? Endpoint => Environment.GetEnvironmentVariable("CODE_TEST_S3_ENDPOINT") is { Length: > 0 } e ? e : null;

    public static string? SkipReason =>
        Endpoint is not null || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : "Needs the test S3 store: run ./test.sh (it starts Swift on loopback), or `eval \"$(scripts/s3-test-store.sh start)\"` first.";

    /// <summary>Options for a bucket of its own; <paramref name="bucket"/> null = a fresh name.</summary>
    public static StorageOptions Options(string root, string? bucket = null, Action<S3StorageOptions>? tune = null)
    {
        var s3 = new S3StorageOptions
        {
            Endpoint = Endpoint ?? throw new InvalidOperationException(
                "CODE_TEST_S3_ENDPOINT is not set: the S3 store was not started (scripts/s3-test-store.sh start)."),
            Bucket = bucket ?? NewBucketName(),
            Region = Environment.GetEnvironmentVariable("CODE_TEST_S3_REGION") ?? "us-east-1",
            AccessKey = Environment.GetEnvironmentVariable("CODE_TEST_S3_ACCESS_KEY") ?? "",
            SecretKey = Environment.GetEnvironmentVariable("CODE_TEST_S3_SECRET_KEY") ?? "",
            MultipartThresholdMb = 5,
            TimeoutSeconds = 10,
            OperationTimeoutSeconds = 30,
        };
        tune?.Invoke(s3);
        return new StorageOptions { Backend = StorageBackends.S3, Root = root, S3 = s3 };
    }

    public static string NewBucketName() => "ci-test-" + Guid.NewGuid().ToString("N")[..16];

    public static async Task CreateBucketAsync(IAmazonS3 s3, string bucket) =>
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });

    /// <summary>Empties and removes a test bucket; best effort (the store's directory is wiped when it stops).</summary>
    public static async Task DeleteBucketAsync(IAmazonS3 s3, string bucket)
    {
        try
        {
            var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
            foreach (var entry in listed.S3Objects ?? [])
            {
                await s3.DeleteObjectAsync(bucket, entry.Key);
            }
            await s3.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception)
        {
        }
    }
}
