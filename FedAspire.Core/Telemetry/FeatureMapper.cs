using System.Collections.Frozen;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Maps a record's named sensors into a federation's ordered feature list: values [F] and a presence mask [F]
/// (1 observed, 0 missing; a missing value is written as 0 so it can never leak NaN into a model).
/// </summary>
public sealed class FeatureMapper
{
    private readonly FrozenDictionary<string, int> _index;

    // Producers usually reuse one sensor-name array for all their records: remember the positions of the last array seen.
    private Resolved? _last;

    /// <summary>A mapper for the ordered <paramref name="features"/>; names must be unique and non-empty.</summary>
    public FeatureMapper(IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var index = new Dictionary<string, int>(features.Count, StringComparer.Ordinal);
        for (int f = 0; f < features.Count; f++)
        {
            if (string.IsNullOrEmpty(features[f])) throw new ArgumentException($"Feature #{f} has an empty name.", nameof(features));
            if (!index.TryAdd(features[f], f)) throw new ArgumentException($"Feature '{features[f]}' appears twice (#{index[features[f]]} and #{f}).", nameof(features));
        }
        _index = index.ToFrozenDictionary(StringComparer.Ordinal);
        Features = features.ToArray();
    }

    /// <summary>The ordered feature names.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Number of features F.</summary>
    public int FeatureCount => Features.Count;

    /// <summary>The position of <paramref name="sensor"/> in the feature list, or -1.</summary>
    public int IndexOf(string sensor) => _index.TryGetValue(sensor, out int f) ? f : -1;

    /// <summary>
    /// Writes <paramref name="record"/> into <paramref name="values"/> and <paramref name="mask"/> (both length F);
    /// returns how many features it observed. Sensors outside the feature list are ignored (the validator decides whether they are an error).
    /// </summary>
    public int Map(TelemetryRecord record, Span<float> values, Span<float> mask)
    {
        if (values.Length != FeatureCount || mask.Length != FeatureCount)
            throw new ArgumentException($"values and mask must have length {FeatureCount} (the feature count); got {values.Length} and {mask.Length}.");
        values.Clear();
        mask.Clear();
        var positions = PositionsOf(record.Features);
        var readings = record.Values;
        int observed = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            int f = positions[i];
            if (f < 0 || !float.IsFinite(readings[i])) continue;
            if (mask[f] == 0f) observed++;
            values[f] = readings[i];
            mask[f] = 1f;
        }
        return observed;
    }

    private int[] PositionsOf(string[] sensors)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Sensors, sensors)) return last.Positions;
        var positions = new int[sensors.Length];
        for (int i = 0; i < sensors.Length; i++) positions[i] = IndexOf(sensors[i]);
        Volatile.Write(ref _last, new Resolved(sensors, positions));
        return positions;
    }

    private sealed record Resolved(string[] Sensors, int[] Positions);
}
