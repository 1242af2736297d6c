namespace FedAspire.Core.Data.Readers;

/// <summary>Growing column buffers that readers append rows to; <see cref="Build"/> trims them into a <see cref="SensorTable"/>.</summary>
public sealed class SensorTableBuilder
{
    private readonly string[] _names;
    private float[][] _columns;
    private long[] _timestamps;
    private int[]? _labels;
    private int[]? _sources;
    private readonly List<string> _sourceNames = [];
    private int _count;

    /// <summary>Creates buffers for the named sensors; <paramref name="labelled"/> adds a label code per row.</summary>
    public SensorTableBuilder(IReadOnlyList<string> sensorNames, bool labelled, int initialCapacity = 1024)
    {
        _names = sensorNames.ToArray();
        int cap = Math.Max(16, initialCapacity);
        _columns = new float[_names.Length][];
        for (int i = 0; i < _columns.Length; i++) _columns[i] = new float[cap];
        _timestamps = new long[cap];
        _labels = labelled ? new int[cap] : null;
    }

    /// <summary>Rows appended so far.</summary>
    public int Count => _count;

    /// <summary>Registers a source (file) name and returns its id for <see cref="Append"/>.</summary>
    public int AddSource(string name)
    {
        _sourceNames.Add(name);
        return _sourceNames.Count - 1;
    }

    /// <summary>Appends one row; <paramref name="values"/> has one value per sensor (NaN = missing).</summary>
    public void Append(long timestamp, ReadOnlySpan<float> values, int label = 0, int source = -1)
    {
        if (values.Length != _names.Length) throw new ArgumentException($"Row has {values.Length} values, expected {_names.Length}.", nameof(values));
        if (_count == _timestamps.Length) Grow();
        _timestamps[_count] = timestamp;
        for (int c = 0; c < values.Length; c++) _columns[c][_count] = values[c];
        if (_labels is not null) _labels[_count] = label;
        if (source >= 0)
        {
            if (_sources is null) _sources = new int[_timestamps.Length];
            _sources[_count] = source;
        }
        _count++;
    }

    /// <summary>Builds the table (the buffers are trimmed to the row count).</summary>
    public SensorTable Build(LabelScheme? scheme)
    {
        if ((scheme is null) != (_labels is null)) throw new InvalidOperationException("A label scheme is required exactly when the builder is labelled.");
        var cols = new float[_columns.Length][];
        for (int c = 0; c < cols.Length; c++) cols[c] = _columns[c].AsSpan(0, _count).ToArray();
        return new SensorTable(
            _timestamps.AsSpan(0, _count).ToArray(), _names, cols,
            _labels?.AsSpan(0, _count).ToArray(), scheme,
            _sources?.AsSpan(0, _count).ToArray(), _sourceNames);
    }

    private void Grow()
    {
        // 1.5x growth keeps the peak (old + new buffer) near 2.5x the data, within the "few times its size" budget.
        int cap = _timestamps.Length + _timestamps.Length / 2;
        Array.Resize(ref _timestamps, cap);
        for (int c = 0; c < _columns.Length; c++) Array.Resize(ref _columns[c], cap);
        if (_labels is not null) Array.Resize(ref _labels, cap);
        if (_sources is not null) Array.Resize(ref _sources, cap);
    }
}
