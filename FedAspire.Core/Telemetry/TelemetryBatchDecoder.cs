namespace FedAspire.Core.Telemetry;

/// <summary>
/// Decodes and validates a batch of raw schema v1 messages on several cores, each result at its message's index, so the
/// caller keeps the source's order (and with it every device's order) however the work was split.
/// </summary>
public static class TelemetryBatchDecoder
{
    /// <summary>Below this many messages per core, splitting costs more than it saves (a message decodes in a few microseconds).</summary>
    public const int MinMessagesPerWorker = 256;

    /// <summary>
    /// Decodes <paramref name="payloads"/>[0..<paramref name="count"/>) into <paramref name="records"/> (null where refused) and
    /// <paramref name="rejections"/> (null where accepted), using up to <paramref name="maxParallelism"/> threads (the caller's included).
    /// </summary>
    public static void DecodeAll(byte[][] payloads, int count, TelemetryValidator validator, TelemetryRecord?[] records, TelemetryRejection?[] rejections,
        int maxParallelism)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, payloads.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, records.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, rejections.Length);
        int workers = Math.Clamp(Math.Min(maxParallelism, count / MinMessagesPerWorker), 1, 64);
        if (workers == 1)
        {
            DecodeRange(payloads, 0, count, validator, records, rejections);
            return;
        }
        // Contiguous slices, one per worker: each thread's sensor-name cache sees runs of messages rather than every n-th one.
        int slice = (count + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers },
            w => DecodeRange(payloads, w * slice, Math.Min(count, (w + 1) * slice), validator, records, rejections));
    }

    private static void DecodeRange(byte[][] payloads, int start, int end, TelemetryValidator validator, TelemetryRecord?[] records, TelemetryRejection?[] rejections)
    {
        for (int i = start; i < end; i++)
        {
            TelemetryCodec.TryDecode(payloads[i], validator, out var record, out var rejection);
            records[i] = record;
            rejections[i] = rejection;
        }
    }
}
