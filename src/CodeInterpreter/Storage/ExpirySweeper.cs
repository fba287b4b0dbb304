using Microsoft.Extensions.Options;

namespace CodeInterpreter.Storage;

/// <summary>
/// Deletes objects older than <see cref="StorageOptions.SessionTtl"/>: once at start, then every sweep interval; then
/// measures what the store holds for the total quota.
/// </summary>
internal sealed class ExpirySweeper(
    IFileStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<ExpirySweeper> logger,
    StorageMetrics? metrics = null, Quota.StorageQuota? quota = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before touching the disk.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            do
            {
                await SweepOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.SessionTtl;
        try
        {
            var removed = await store.DeleteOlderThanAsync(cutoff, cancellationToken);
            metrics?.Swept(removed);
            if (removed > 0)
            {
                StorageLog.SweepCompleted(logger, removed, cutoff);
            }
            else
            {
                StorageLog.SweepFoundNothing(logger, cutoff);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The host must outlive a bad sweep (a full disk, a permission change); the next tick retries.
            StorageLog.SweepFailed(logger, e);
            metrics?.SweepFailed();
        }
        await MeasureAsync(cancellationToken);
    }

    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        if (quota is null)
        {
            return;
        }
        try
        {
            await quota.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            StorageLog.QuotaMeasureFailed(logger, e);
        }
    }
}
