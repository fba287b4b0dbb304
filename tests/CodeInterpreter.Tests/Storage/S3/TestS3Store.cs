using Amazon.S3;
using Amazon.S3.Model;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;

namespace CodeInterpreter.Tests.Storage;

/// <summary>Store options and buckets on the S3-compatible store the test run started (<see cref="S3TestStore"/>).</summary>
internal static class TestS3Store
{
    /// <summary>Options for a bucket of its own; <paramref name="bucket"/> null = a fresh name.</summary>
    public static StorageOptions Options(string root, string? bucket = null, Action<S3StorageOptions>? tune = null)
    {
        var s3 = new S3StorageOptions
        {
            Endpoint = S3TestStore.RequiredEndpoint,
            Bucket = bucket ?? NewBucketName(),
            Region = S3TestStore.Region,
            AccessKey = S3TestStore.AccessKey,
            SecretKey = S3TestStore.SecretKey,
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
