namespace FedAspire.Core.Data;

/// <summary>
/// A time series of named sensors held column-major: one <c>float[]</c> per sensor (NaN = missing), timestamps as
/// <see cref="DateTime"/> ticks, an optional label code per row and an optional source (file/device) id per row.
/// </summary>
/// <remarks>Rows are kept in the order they were read; every operation that selects rows keeps that order.</remarks>
public sealed class SensorTable
{
    private readonly float[][] _columns;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Wraps the given arrays (not copied); all must have <paramref name="timestamps"/>.Length rows.</summary>
    public SensorTable(
        long[] timestamps,
        IReadOnlyList<string> sensorNames,
        float[][] columns,
        int[]? labels = null,
        LabelScheme? labelScheme = null,
        int[]? sourceIds = null,
        IReadOnlyList<string>? sourceNames = null)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        if (sensorNames.Count != columns.Length)
            throw new ArgumentException($"{sensorNames.Count} sensor names but {columns.Length} columns.", nameof(columns));
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            if (columns[i].Length != timestamps.Length)
                throw new ArgumentException($"Column '{sensorNames[i]}' has {columns[i].Length} rows, expected {timestamps.Length}.", nameof(columns));
            if (!_indexByName.TryAdd(sensorNames[i], i))
                throw new ArgumentException($"Sensor name '{sensorNames[i]}' appears twice.", nameof(sensorNames));
        }
        if ((labels is null) != (labelScheme is null))
            throw new ArgumentException("Labels and their scheme must be given together.", nameof(labelScheme));
        if (labels is not null)
        {
            if (labels.Length != timestamps.Length) throw new ArgumentException($"{labels.Length} labels for {timestamps.Length} rows.", nameof(labels));
            foreach (var code in labels)
                if ((uint)code >= (uint)labelScheme!.Names.Count) throw new ArgumentException($"Label code {code} is outside the scheme's {labelScheme.Names.Count} labels.", nameof(labels));
        }
        if (sourceIds is not null && sourceIds.Length != timestamps.Length)
            throw new ArgumentException($"{sourceIds.Length} source ids for {timestamps.Length} rows.", nameof(sourceIds));
        Timestamps = timestamps;
        SensorNames = sensorNames.ToArray();
        _columns = columns;
        Labels = labels;
        LabelScheme = labelScheme;
        SourceIds = sourceIds;
        SourceNames = sourceNames?.ToArray() ?? [];
    }

    /// <summary>Number of rows.</summary>
    public int RowCount => Timestamps.Length;

    /// <summary>Number of sensor columns.</summary>
    public int SensorCount => _columns.Length;

    /// <summary>Row timestamps as <see cref="DateTime"/> ticks (time zone as written in the source).</summary>
    public long[] Timestamps { get; }

    /// <summary>Sensor names in column order.</summary>
    public IReadOnlyList<string> SensorNames { get; }

    /// <summary>Label code per row (index into <see cref="LabelScheme"/> names), or null when unlabelled.</summary>
    public int[]? Labels { get; }

    /// <summary>The label column description, or null when unlabelled.</summary>
    public LabelScheme? LabelScheme { get; }

    /// <summary>Source (file or device) index per row into <see cref="SourceNames"/>, or null.</summary>
    public int[]? SourceIds { get; }

    /// <summary>Names of the sources referenced by <see cref="SourceIds"/>.</summary>
    public IReadOnlyList<string> SourceNames { get; }

    /// <summary>The values of sensor column <paramref name="index"/> (NaN = missing).</summary>
    public float[] Column(int index) => _columns[index];

    /// <summary>The values of the named sensor; throws naming the sensor when absent.</summary>
    public float[] Column(string name) =>
        _indexByName.TryGetValue(name, out var i) ? _columns[i] : throw new KeyNotFoundException($"No sensor named '{name}' (have {SensorCount} sensors).");

    /// <summary>Column index of the named sensor, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>True when row <paramref name="row"/> carries an anomalous label (false when unlabelled).</summary>
    public bool IsAnomalous(int row) => Labels is not null && LabelScheme!.Anomalous[Labels[row]];

    /// <summary>Rows per label code (empty when unlabelled).</summary>
    public long[] LabelCounts()
    {
        if (Labels is null) return [];
        var counts = new long[LabelScheme!.Names.Count];
        foreach (var code in Labels) counts[code]++;
        return counts;
    }

    /// <summary>True when timestamps never decrease.</summary>
    public bool IsTimeOrdered()
    {
        for (int i = 1; i < Timestamps.Length; i++) if (Timestamps[i] < Timestamps[i - 1]) return false;
        return true;
    }

    /// <summary>Fraction of missing (NaN) cells over all sensor columns.</summary>
    public double MissingRate()
    {
        if (RowCount == 0 || SensorCount == 0) return 0;
        long missing = 0;
        foreach (var column in _columns) missing += CountMissing(column);
        return missing / ((double)RowCount * SensorCount);
    }

    /// <summary>Number of NaN values in <paramref name="values"/>.</summary>
    public static int CountMissing(ReadOnlySpan<float> values)
    {
        int n = 0;
        foreach (var v in values) if (float.IsNaN(v)) n++;
        return n;
    }

    /// <summary>A new table with the given rows, in the order given (callers pass ascending indices to keep time order).</summary>
    public SensorTable SelectRows(ReadOnlySpan<int> rows)
    {
        var ts = new long[rows.Length];
        var cols = new float[SensorCount][];
        for (int c = 0; c < SensorCount; c++) cols[c] = new float[rows.Length];
        int[]? labels = Labels is null ? null : new int[rows.Length];
        int[]? sources = SourceIds is null ? null : new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(rows), $"Row {r} is outside the table's {RowCount} rows.");
            ts[i] = Timestamps[r];
            if (labels is not null) labels[i] = Labels![r];
            if (sources is not null) sources[i] = SourceIds![r];
        }
        for (int c = 0; c < SensorCount; c++)
        {
            var src = _columns[c];
            var dst = cols[c];
            for (int i = 0; i < rows.Length; i++) dst[i] = src[rows[i]];
        }
        return new SensorTable(ts, SensorNames, cols, labels, LabelScheme, sources, SourceNames);
    }

    /// <summary>A new table with the contiguous rows <c>[start, start + count)</c>.</summary>
    public SensorTable SelectRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > RowCount)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows [{start}, {start + count}) are outside the table's {RowCount} rows.");
        var cols = new float[SensorCount][];
        for (int c = 0; c < SensorCount; c++) cols[c] = _columns[c].AsSpan(start, count).ToArray();
        return new SensorTable(
            Timestamps.AsSpan(start, count).ToArray(), SensorNames, cols,
            Labels?.AsSpan(start, count).ToArray(), LabelScheme,
            SourceIds?.AsSpan(start, count).ToArray(), SourceNames);
    }

    /// <summary>A new table with only the named sensors, kept in this table's column order (never reordered).</summary>
    public SensorTable SelectSensors(IEnumerable<string> names)
    {
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var n in wanted)
            if (!_indexByName.ContainsKey(n)) throw new KeyNotFoundException($"No sensor named '{n}'.");
        var keep = new List<int>();
        for (int c = 0; c < SensorCount; c++) if (wanted.Contains(SensorNames[c])) keep.Add(c);
        return new SensorTable(Timestamps, keep.Select(c => SensorNames[c]).ToArray(), keep.Select(c => _columns[c]).ToArray(),
            Labels, LabelScheme, SourceIds, SourceNames);
    }

    /// <summary>A new table with the same rows and names but the given column arrays (used by degradations).</summary>
    public SensorTable WithColumns(float[][] columns) =>
        new(Timestamps, SensorNames, columns, Labels, LabelScheme, SourceIds, SourceNames);

    /// <summary>Concatenates tables with identical sensor names and label schemes, keeping their order.</summary>
    public static SensorTable Concat(IReadOnlyList<SensorTable> tables)
    {
        if (tables.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(tables));
        var first = tables[0];
        int rows = 0;
        foreach (var t in tables)
        {
            if (!t.SensorNames.SequenceEqual(first.SensorNames, StringComparer.Ordinal))
                throw new ArgumentException("Tables to concatenate must have the same sensors in the same order.", nameof(tables));
            if ((t.Labels is null) != (first.Labels is null)) throw new ArgumentException("Either all tables or none must be labelled.", nameof(tables));
            if (t.LabelScheme is { } s && !s.Names.SequenceEqual(first.LabelScheme!.Names, StringComparer.Ordinal))
                throw new ArgumentException($"Label schemes differ ({string.Join("/", s.Names)} vs {string.Join("/", first.LabelScheme.Names)}).", nameof(tables));
            rows += t.RowCount;
        }
        var ts = new long[rows];
        var cols = new float[first.SensorCount][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new float[rows];
        int[]? labels = first.Labels is null ? null : new int[rows];
        var sourceNames = new List<string>();
        var sources = new int[rows];
        int at = 0;
        foreach (var t in tables)
        {
            t.Timestamps.CopyTo(ts, at);
            for (int c = 0; c < cols.Length; c++) t._columns[c].CopyTo(cols[c], at);
            t.Labels?.CopyTo(labels!, at);
            int offset = sourceNames.Count;
            if (t.SourceIds is null) { sourceNames.Add($"part{offset}"); sources.AsSpan(at, t.RowCount).Fill(offset); }
            else
            {
                sourceNames.AddRange(t.SourceNames);
                for (int i = 0; i < t.RowCount; i++) sources[at + i] = t.SourceIds[i] + offset;
            }
            at += t.RowCount;
        }
        return new SensorTable(ts, first.SensorNames, cols, labels, first.LabelScheme, sources, sourceNames);
    }
}
