using System.Diagnostics;
using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Simulation;

/// <summary>Drives a <see cref="TelemetryReplay"/> into a publisher at a fixed rate (or as fast as possible) until cancelled or done.</summary>
public static class TelemetrySimulation
{
    /// <summary>
    /// Publishes records; <paramref name="recordsPerSecond"/> 0 means unthrottled, <paramref name="maxRecords"/> 0 means forever.
    /// <paramref name="progress"/> gets the running total about once a second. Returns the number of records published.
    /// </summary>
    public static async Task<long> RunAsync(TelemetryReplay replay, ITelemetryPublisher publisher, double recordsPerSecond, long maxRecords,
        Action<long, TimeSpan>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentOutOfRangeException.ThrowIfNegative(recordsPerSecond);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var lastReport = TimeSpan.Zero;
        try
        {
            while (!cancellationToken.IsCancellationRequested && (maxRecords == 0 || sent < maxRecords))
            {
                // Send what the schedule owes (at most 10 ms worth when throttled), then sleep a tick: smooth at any rate.
                long due = recordsPerSecond > 0 ? (long)(clock.Elapsed.TotalSeconds * recordsPerSecond) - sent : 4096;
                if (maxRecords > 0) due = Math.Min(due, maxRecords - sent);
                for (long i = 0; i < due; i++)
                {
                    TelemetryRecord record = replay.Next();
                    await publisher.PublishAsync(record, cancellationToken).ConfigureAwait(false);
                    sent++;
                }
                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
                {
                    lastReport = clock.Elapsed;
                    progress?.Invoke(sent, clock.Elapsed);
                }
                if (recordsPerSecond > 0 && (maxRecords == 0 || sent < maxRecords))
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        publisher.Flush(TimeSpan.FromSeconds(10));
        progress?.Invoke(sent, clock.Elapsed);
        return sent;
    }
}
