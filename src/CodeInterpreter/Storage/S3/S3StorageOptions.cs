namespace CodeInterpreter.Storage.S3;

/// <summary>An S3-compatible bucket shared by every node (config section <c>Storage:S3</c>, variables <c>CODE_S3_*</c>).</summary>
internal sealed class S3StorageOptions
{
    /// <summary>Base URL of an S3-compatible store (MinIO, Ceph RGW, Swift, R2); empty for AWS S3 in <see cref="Region"/>.</summary>
    public string Endpoint { get; set; } = "";

    public string Bucket { get; set; } = "";

    /// <summary>Signing region; S3-compatible stores almost always accept <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Both empty: the SDK's default chain (AWS_* variables, instance or pod roles).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary><c>bucket</c> in the path instead of the host name; null = on when an endpoint is set.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Prepended to every key (e.g. <c>code/</c>) when the bucket is shared with other data.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Create the bucket at startup when it does not exist.</summary>
    public bool CreateBucket { get; set; } = true;

    /// <summary>Files larger than this are uploaded in parts of this size (S3's minimum part size is 5 MiB).</summary>
    public int MultipartThresholdMb { get; set; } = 16;

    /// <summary>One HTTP attempt's limit (connect, send, response headers).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of transient failures (5xx, throttling, resets), with the SDK's jittered exponential backoff.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Upper bound of one store operation including its retries; past it the request gets a 503.</summary>
    public int OperationTimeoutSeconds { get; set; } = 20;

    public bool UsesPathStyle => ForcePathStyle ?? Endpoint.Length > 0;

    public long MultipartThresholdBytes => MultipartThresholdMb * 1024L * 1024;
}
