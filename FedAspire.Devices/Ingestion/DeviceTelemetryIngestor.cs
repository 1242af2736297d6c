using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;
using FedAspire.ServiceDefaults.Diagnostics;

namespace FedAspire.Devices.Ingestion;

/// <summary>
/// The batch handler between a telemetry source and the device grains: splits a source batch per device and calls every
/// device's <see cref="IDeviceGrain.IngestAsync"/> concurrently. It returns only after every grain accepted its part, and throws
/// if any call failed, so the source delivers the whole batch again; grains drop the readings they already hold by sequence.
/// </summary>
public sealed class DeviceTelemetryIngestor(IGrainFactory grains, IngestionStatistics statistics)
{
    private static readonly KeyValuePair<string, object?> Consumer = new("consumer", "devices");

    /// <summary>What the grains did with the readings so far.</summary>
    public IngestionStatistics Statistics { get; } = statistics;

    /// <summary>Delivers <paramref name="records"/> to their device grains (the <see cref="TelemetryBatchHandler"/> of a source).</summary>
    public async ValueTask HandleAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var batches = TelemetryBatching.ByDevice(records);
        var calls = new Task<IngestResult>[batches.Count];
        for (int i = 0; i < batches.Count; i++)
            calls[i] = grains.GetGrain<IDeviceGrain>(batches[i].DeviceId).IngestAsync(batches[i]);
        try
        {
            await Task.WhenAll(calls).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Statistics.CountFailedBatch();
            throw;
        }
        long accepted = 0;
        foreach (var call in calls)
        {
            var result = call.Result;
            Statistics.Add(result);
            accepted += result.Accepted;
        }
        FedAspireDiagnostics.RecordsIngested.Add(accepted, Consumer);
    }
}
