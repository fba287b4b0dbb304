using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage;

/// <summary>
/// Says which store is in use and checks it once at startup (creating the S3 bucket when allowed). A store that is
/// down does not stop the service: /health reports it and requests that need it get 503 until it is back.
/// </summary>
internal sealed class StorageStartup(IFileStore store, IOptions<StorageOptions> options, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var isS3 = string.Equals(o.Backend, StorageBackends.S3, StringComparison.OrdinalIgnoreCase);
        StorageLog.StoreSelected(logger, isS3 ? StorageBackends.S3 : StorageBackends.Local,
            isS3 ? $"bucket {o.S3.Bucket} at {(o.S3.Endpoint.Length > 0 ? o.S3.Endpoint : "AWS " + o.S3.Region)}" : o.Root);
        var status = await store.CheckAsync(cancellationToken);
        if (!status.Available)
        {
            StorageLog.StoreUnusableAtStartup(logger, status.Problem ?? "unknown");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
