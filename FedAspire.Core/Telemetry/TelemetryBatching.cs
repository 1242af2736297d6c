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
        // Counting sort by device: one dictionary and three int arrays per source batch, no list per device.
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var deviceOf = new int[records.Count];
        var counts = new List<int>();
        for (int i = 0; i < records.Count; i++)
        {
            if (!slots.TryGetValue(records[i].DeviceId, out int slot))
            {
                slot = counts.Count;
                slots.Add(records[i].DeviceId, slot);
                counts.Add(0);
            }
            deviceOf[i] = slot;
            counts[slot]++;
        }
        var starts = new int[counts.Count + 1];
        for (int d = 0; d < counts.Count; d++) starts[d + 1] = starts[d] + counts[d];
        var next = starts.AsSpan(0, counts.Count).ToArray();
        var order = new int[records.Count];
        for (int i = 0; i < records.Count; i++) order[next[deviceOf[i]]++] = i;

        var batches = new TelemetryBatch[counts.Count];
        for (int d = 0; d < batches.Length; d++) batches[d] = ToBatch(records, order.AsSpan(starts[d], counts[d]));
        return batches;
    }

    private static TelemetryBatch ToBatch(IReadOnlyList<TelemetryRecord> records, ReadOnlySpan<int> members)
    {
        var first = records[members[0]];
        int n = members.Length;
        var sequences = new long[n];
        var ticks = new long[n];
        for (int i = 0; i < n; i++)
        {
            var record = records[members[i]];
            sequences[i] = record.Sequence;
            ticks[i] = record.Timestamp.UtcTicks;
        }
        bool sameFeatures = true;
        for (int i = 1; i < n && sameFeatures; i++)
            sameFeatures = SameNames(records[members[i]].Features, first.Features);
        if (sameFeatures)
        {
            // The common case: every record of the device carries the same sensors in the same order.
            int width = first.Features.Length;
            var block = new float[n * width];
            for (int i = 0; i < n; i++) records[members[i]].Values.CopyTo(block, i * width);
            return new TelemetryBatch(first.DeviceId, first.FacilityId, first.Features, sequences, ticks, block);
        }
        return Union(records, members, first, sequences, ticks);
    }

    private static TelemetryBatch Union(IReadOnlyList<TelemetryRecord> records, ReadOnlySpan<int> members, TelemetryRecord first, long[] sequences, long[] ticks)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var features = new List<string>();
        // A device switches between a few sensor sets (missing-value patterns): resolve each set's positions once.
        var known = new List<(string[] Names, int[] Positions)>();
        var positionsOf = new int[members.Length][];
        for (int i = 0; i < members.Length; i++)
        {
            var names = records[members[i]].Features;
            int[]? positions = null;
            foreach (var (seen, at) in known)
                if (SameNames(seen, names)) { positions = at; break; }
            if (positions is null)
            {
                positions = new int[names.Length];
                for (int j = 0; j < names.Length; j++)
                {
                    if (!index.TryGetValue(names[j], out int f)) index.Add(names[j], f = features.Count);
                    if (f == features.Count) features.Add(names[j]);
                    positions[j] = f;
                }
                known.Add((names, positions));
            }
            positionsOf[i] = positions;
        }
        int width = features.Count;
        var block = new float[members.Length * width];
        Array.Fill(block, float.NaN);
        for (int i = 0; i < members.Length; i++)
        {
            var values = records[members[i]].Values;
            var row = block.AsSpan(i * width, width);
            var positions = positionsOf[i];
            for (int j = 0; j < positions.Length; j++) row[positions[j]] = values[j];
        }
        return new TelemetryBatch(first.DeviceId, first.FacilityId, [.. features], sequences, ticks, block);
    }

    private static bool SameNames(string[] a, string[] b) => ReferenceEquals(a, b) || a.AsSpan().SequenceEqual(b);
}
