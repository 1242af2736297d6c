namespace FedAspire.Core.Data;

/// <summary>
/// The federation's feature list (sensor names in a fixed order) and how each client's table maps into it:
/// sensors are matched by name, an absent sensor gets mask 0, so clients with sensor subsets share one model input.
/// </summary>
public sealed class FederationFeatureMap
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates the map for the given feature names (order = model input order).</summary>
    public FederationFeatureMap(IReadOnlyList<string> features)
    {
        Features = features.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Features.Count; i++)
            if (!_index.TryAdd(Features[i], i)) throw new ArgumentException($"Feature '{Features[i]}' appears twice.", nameof(features));
    }

    /// <summary>Feature names in model input order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The union of the tables' sensors, in order of first appearance (clients that drop sensors keep the original order, so this is the original order).</summary>
    public static FederationFeatureMap Union(IEnumerable<SensorTable> tables)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tables)
            foreach (var n in t.SensorNames)
                if (seen.Add(n)) names.Add(n);
        return new FederationFeatureMap(names);
    }

    /// <summary>Per feature: true when the table has a sensor of that name.</summary>
    public bool[] PresenceMask(SensorTable table) => Features.Select(f => table.IndexOf(f) >= 0).ToArray();

    /// <summary>
    /// Writes the table row-major into the federation layout: <paramref name="values"/> and <paramref name="mask"/> have
    /// RowCount * Features.Count entries; mask is 1 where the sensor exists and the value is not NaN, else 0 (value then NaN).
    /// A table sensor that is not a federation feature is an error (it would be silently lost).
    /// </summary>
    public void Project(SensorTable table, Span<float> values, Span<float> mask)
    {
        int f = Features.Count;
        long needed = (long)table.RowCount * f;
        if (values.Length != needed || mask.Length != needed)
            throw new ArgumentException($"Buffers must hold {needed} values ({table.RowCount} rows x {f} features); got {values.Length} and {mask.Length}.", nameof(values));
        foreach (var name in table.SensorNames)
            if (!_index.ContainsKey(name)) throw new ArgumentException($"Sensor '{name}' is not a federation feature.", nameof(table));
        values.Fill(float.NaN);
        mask.Clear();
        for (int c = 0; c < table.SensorCount; c++)
        {
            int j = _index[table.SensorNames[c]];
            var column = table.Column(c);
            for (int r = 0; r < column.Length; r++)
            {
                float v = column[r];
                if (float.IsNaN(v)) continue;
                values[r * f + j] = v;
                mask[r * f + j] = 1f;
            }
        }
    }
}
