using FedAspire.Core.Federation;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Turns a consumed batch of records into one <see cref="TelemetryBatch"/> per device (the unit a device grain ingests), so
/// ingestion makes one grain call per device per batch. A device's readings keep their order; their feature list is the union of
/// the sensors its records carry (first-seen order), with NaN where a record lacks a sensor.
/// </summary>
public static class TelemetryBatching
{
    /// <summary>Groups <paramref name="records"/> by device, in order of each device's first record.</summary>
    public static IReadOnlyList<TelemetryBatch> ByDevice(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var order = new List<string>();
        var groups = new Dictionary<string, List<TelemetryRecord>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!groups.TryGetValue(record.DeviceId, out var group))
            {
                groups[record.DeviceId] = group = [];
                order.Add(record.DeviceId);
            }
            group.Add(record);
        }
        var batches = new TelemetryBatch[order.Count];
        for (int d = 0; d < order.Count; d++) batches[d] = ToBatch(groups[order[d]]);
        return batches;
    }

    private static TelemetryBatch ToBatch(List<TelemetryRecord> records)
    {
        var first = records[0];
        bool sameFeatures = true;
        for (int i = 1; i < records.Count && sameFeatures; i++)
            sameFeatures = records[i].Features.AsSpan().SequenceEqual(first.Features);
        var readings = new TelemetryReading[records.Count];
        if (sameFeatures)
        {
            // The common case: every record of the device carries the same sensors in the same order.
            for (int i = 0; i < records.Count; i++) readings[i] = new TelemetryReading(records[i].Sequence, records[i].Timestamp, records[i].Values);
            return new TelemetryBatch(first.DeviceId, first.FacilityId, first.Features, readings);
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var features = new List<string>();
        foreach (var record in records)
            foreach (var name in record.Features)
                if (index.TryAdd(name, features.Count)) features.Add(name);
        for (int i = 0; i < records.Count; i++)
        {
            var values = new float[features.Count];
            Array.Fill(values, float.NaN);
            var record = records[i];
            for (int j = 0; j < record.Features.Length; j++) values[index[record.Features[j]]] = record.Values[j];
            readings[i] = new TelemetryReading(record.Sequence, record.Timestamp, values);
        }
        return new TelemetryBatch(first.DeviceId, first.FacilityId, features, readings);
    }
}
