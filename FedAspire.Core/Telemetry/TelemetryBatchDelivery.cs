namespace FedAspire.Core.Telemetry;

/// <summary>At-least-once hand-over of a batch: every telemetry source retries its handler until the batch is accepted.</summary>
public static class TelemetryBatchDelivery
{
    /// <summary>
    /// Calls <paramref name="handler"/> until it completes without throwing, counting the batch once it does and every failed
    /// attempt as a retry (reported to <paramref name="onError"/>, then waiting <paramref name="retryDelay"/>). Only cancellation
    /// of <paramref name="cancellationToken"/> ends it early, so a source never acknowledges a batch its grains did not accept.
    /// </summary>
    public static async Task DeliverAsync(this TelemetryBatchHandler handler, List<TelemetryRecord> batch, TelemetryIngestionCounters counters,
        TimeSpan retryDelay, Action<Exception>? onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(counters);
        while (true)
        {
            try
            {
                await handler(batch, cancellationToken).ConfigureAwait(false);
                counters.CountBatch(batch.Count);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                counters.CountRetry();
                onError?.Invoke(e);
                await Task.Delay(retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
