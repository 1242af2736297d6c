using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Ingestion;

/// <summary>Groups decoded telemetry records into the per-device <see cref="TelemetryBatch"/>es that device grains ingest.</summary>
/// <remarks>
/// A batch carries one feature list, so a device's records are split where its sensor list (or facility) changes; records keep
/// their arrival order. Feature arrays are compared by reference first because one producer reuses the same array per device.
/// </remarks>
public static class TelemetryBatchMapper
{
    /// <summary>Maps one record to a reading (values are shared, not copied: records are immutable).</summary>
    public static TelemetryReading ToReading(TelemetryRecord record) => new(record.Sequence, record.Timestamp, record.Values);

    /// <summary>The records of <paramref name="records"/> grouped by device, in order of each device's first appearance.</summary>
    public static List<TelemetryBatch> Group(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        var builders = new List<(string Device, string Facility, string[] Features, List<TelemetryReading> Readings)>();
        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (open.TryGetValue(record.DeviceId, out int at))
            {
                var current = builders[at];
                if (string.Equals(current.Facility, record.FacilityId, StringComparison.Ordinal) && SameFeatures(current.Features, record.Features))
                {
                    current.Readings.Add(ToReading(record));
                    continue;
                }
            }
            open[record.DeviceId] = builders.Count;
            builders.Add((record.DeviceId, record.FacilityId, record.Features, [ToReading(record)]));
        }
        var batches = new List<TelemetryBatch>(builders.Count);
        foreach (var (device, facility, features, readings) in builders) batches.Add(new TelemetryBatch(device, facility, features, readings));
        return batches;
    }

    private static bool SameFeatures(string[] a, string[] b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
        return true;
    }
}
