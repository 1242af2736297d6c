using System.Globalization;
using FedAspire.Core.Data;
using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Simulation;

/// <summary>
/// Turns recorded sensor tables into live telemetry for many devices: device i belongs to facility i mod F, replays table
/// (facility mod tables) starting at its own row offset, and loops; record n goes to device n mod D, so devices advance together.
/// Missing values are left out of a record (absent = not measured). Deterministic: the same options give the same stream.
/// </summary>
public sealed class TelemetryReplay
{
    private readonly SensorTable[] _tables;
    private readonly string[] _deviceIds;
    private readonly string[] _facilityIds;
    private readonly int[] _tableOf;
    private readonly long[] _next;
    private readonly int[] _offset;
    private readonly Dictionary<ulong, string[]>[] _featureSets;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _step;
    private long _emitted;

    /// <summary>A replay of <paramref name="tables"/> for <paramref name="devices"/> devices over <paramref name="facilities"/> facilities.</summary>
    public TelemetryReplay(IReadOnlyList<SensorTable> tables, int devices, int facilities, DateTimeOffset start,
        string devicePrefix = "pump-", string facilityPrefix = "facility-", TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("The replay needs at least one sensor table.", nameof(tables));
        for (int t = 0; t < tables.Count; t++)
            if (tables[t].RowCount == 0) throw new ArgumentException($"Sensor table {t} has no rows to replay.", nameof(tables));
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(facilities, 1);
        _tables = [.. tables];
        _start = start;
        _step = step ?? TimeSpan.FromMinutes(1);
        _deviceIds = new string[devices];
        _facilityIds = new string[devices];
        _tableOf = new int[devices];
        _next = new long[devices];
        _offset = new int[devices];
        _featureSets = new Dictionary<ulong, string[]>[_tables.Length];
        for (int t = 0; t < _tables.Length; t++) _featureSets[t] = [];
        for (int d = 0; d < devices; d++)
        {
            int facility = d % facilities;
            _deviceIds[d] = devicePrefix + d.ToString("D5", CultureInfo.InvariantCulture);
            _facilityIds[d] = facilityPrefix + (facility + 1).ToString("D2", CultureInfo.InvariantCulture);
            _tableOf[d] = facility % _tables.Length;
            // Spread devices over the recording (golden-ratio stride) so they do not all show the same regime at once.
            _offset[d] = (int)((d * 0.6180339887498949 % 1.0) * _tables[_tableOf[d]].RowCount);
        }
    }

    /// <summary>Number of devices.</summary>
    public int Devices => _deviceIds.Length;

    /// <summary>Records produced so far.</summary>
    public long Emitted => _emitted;

    /// <summary>The id of device <paramref name="index"/>.</summary>
    public string DeviceId(int index) => _deviceIds[index];

    /// <summary>The next record (device n mod D, its next row).</summary>
    public TelemetryRecord Next()
    {
        int device = (int)(_emitted % _deviceIds.Length);
        _emitted++;
        long sequence = ++_next[device];
        var table = _tables[_tableOf[device]];
        int row = (int)((_offset[device] + sequence - 1) % table.RowCount);

        int sensors = table.SensorCount;
        Span<float> rowValues = sensors <= 256 ? stackalloc float[sensors] : new float[sensors];
        ulong present = 0;
        int count = 0;
        for (int s = 0; s < sensors; s++)
        {
            float v = table.Column(s)[row];
            rowValues[s] = v;
            if (float.IsFinite(v))
            {
                count++;
                if (s < 64) present |= 1UL << s;
            }
        }
        var features = FeaturesOf(_tableOf[device], table, rowValues, present, count);
        var values = new float[count];
        for (int s = 0, k = 0; s < sensors; s++)
            if (float.IsFinite(rowValues[s])) values[k++] = rowValues[s];
        return new TelemetryRecord(_deviceIds[device], _facilityIds[device], _start + _step * (sequence - 1), sequence, features, values);
    }

    // Rows with the same missing pattern share one name array, so a consumer can batch a device's records without comparing names.
    private string[] FeaturesOf(int tableIndex, SensorTable table, ReadOnlySpan<float> values, ulong present, int count)
    {
        bool cacheable = table.SensorCount <= 64;
        if (cacheable && _featureSets[tableIndex].TryGetValue(present, out var cached)) return cached;
        var names = new string[count];
        for (int s = 0, k = 0; s < values.Length; s++)
            if (float.IsFinite(values[s])) names[k++] = table.SensorNames[s];
        if (cacheable) _featureSets[tableIndex][present] = names;
        return names;
    }
}
