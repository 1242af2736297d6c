namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Reads NASA IMS bearing data: the merged run-to-failure CSVs (first column = unnamed timestamp, one column per channel)
/// and the raw 8-channel snapshot file <c>bearing_merged_2.csv</c> (no timestamps). Neither has labels.
/// </summary>
public static class ImsBearingReader
{
    /// <summary>Sampling rate of the raw IMS snapshots (20 kHz): derived timestamps are 50 microseconds apart.</summary>
    public static readonly TimeSpan RawSampleInterval = TimeSpan.FromTicks(500);

    /// <summary>Start of the derived timestamps of the raw snapshot file (the first IMS Test 1 snapshot).</summary>
    public static readonly DateTime RawSnapshotStart = new(2003, 10, 22, 12, 6, 24);

    /// <summary>Reads either layout, deciding by the header: an empty first header field means a merged (timestamped) file.</summary>
    public static SensorTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IMS bearing file '{path}' does not exist (see data/README.md).", path);
        string header;
        using (var peek = new StreamReader(path)) header = peek.ReadLine() ?? throw new DataFormatException(path, 1, 0, "the file is empty.");
        return header.StartsWith(',') ? ReadMerged(path) : ReadRawSnapshots(path);
    }

    /// <summary>Reads a merged file: timestamp first (unnamed), then channels such as <c>Bearing 1 C1</c>.</summary>
    public static SensorTable ReadMerged(string path) =>
        DelimitedSensorReader.ReadFile(path, new CsvReadOptions { TimestampColumn = null, IgnoreUnnamedColumns = false });

    /// <summary>Reads <c>bearing_merged_2.csv</c> (<c>B1_a..B4_b</c>); timestamps are derived at 20 kHz from <see cref="RawSnapshotStart"/>.</summary>
    public static SensorTable ReadRawSnapshots(string path) =>
        DelimitedSensorReader.ReadFile(path, new CsvReadOptions
        {
            HasTimestamp = false,
            SyntheticStart = RawSnapshotStart,
            SyntheticStep = RawSampleInterval,
        });

    /// <summary>
    /// DERIVED labels (IMS has none): rows from the first of <paramref name="persistence"/> consecutive values of
    /// <paramref name="sensor"/> above mean + <paramref name="sigmas"/> std of the baseline (rows with timestamp up to
    /// <paramref name="baselineEnd"/>) onward are labelled <c>degraded</c>, earlier rows <c>healthy</c> (run-to-failure is monotone).
    /// </summary>
    public static SensorTable WithDerivedDegradationLabels(SensorTable table, string sensor, DateTime baselineEnd, double sigmas = 5, int persistence = 3)
    {
        var x = table.Column(sensor);
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < table.RowCount && table.Timestamps[i] <= baselineEnd.Ticks; i++)
        {
            if (float.IsNaN(x[i])) continue;
            sum += x[i];
            sumSq += (double)x[i] * x[i];
            n++;
        }
        if (n < 2) throw new ArgumentException($"The baseline up to {baselineEnd:yyyy-MM-dd HH:mm:ss} holds {n} values of '{sensor}'; at least 2 are needed.", nameof(baselineEnd));
        double mean = sum / n;
        double std = Math.Sqrt(Math.Max(0, (sumSq - n * mean * mean) / (n - 1)));
        double limit = mean + sigmas * std;
        int onset = table.RowCount, run = 0;
        for (int i = 0; i < table.RowCount; i++)
        {
            run = x[i] > limit ? run + 1 : 0;
            if (run == persistence) { onset = i - persistence + 1; break; }
        }
        var labels = new int[table.RowCount];
        labels.AsSpan(onset).Fill(1);
        var scheme = new LabelScheme("derived_degradation", ["healthy", "degraded"], [false, true]);
        return new SensorTable(table.Timestamps, table.SensorNames, Enumerable.Range(0, table.SensorCount).Select(table.Column).ToArray(),
            labels, scheme, table.SourceIds, table.SourceNames);
    }
}
