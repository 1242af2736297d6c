namespace FedAspire.Core.Data.Readers;

/// <summary>Reads one SKAB file (<c>;</c>-separated, CRLF or LF, <c>datetime</c> first, <c>anomaly</c> label as 0.0/1.0; <c>changepoint</c> is dropped).</summary>
public static class SkabReader
{
    /// <summary>The eight SKAB sensors in file order.</summary>
    public static IReadOnlyList<string> Sensors { get; } =
        ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS"];

    /// <summary>Reads the file; labelled when its header has an <c>anomaly</c> column (the anomaly-free file has none).</summary>
    public static SensorTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"SKAB file '{path}' does not exist (see data/README.md).", path);
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
        return Read(reader, path);
    }

    /// <summary>Reads SKAB content from a text reader; the header decides whether labels are present.</summary>
    public static SensorTable Read(TextReader reader, string sourceName)
    {
        var options = new CsvReadOptions
        {
            Separator = ';',
            TimestampColumn = "datetime",
            LabelColumn = "anomaly",
            LabelColumnOptional = true,
            NumericBinaryLabel = true,
            IgnoredColumns = ["changepoint"],
            SensorColumns = Sensors,
        };
        var table = DelimitedSensorReader.Read(reader, sourceName, options);
        if (table.Labels is null)
        {
            // One labelling for all of SKAB: anomaly-free rows are label 0 of the same binary scheme.
            var cols = Enumerable.Range(0, table.SensorCount).Select(table.Column).ToArray();
            table = new SensorTable(table.Timestamps, table.SensorNames, cols, new int[table.RowCount], LabelScheme.Binary("anomaly"), table.SourceIds, table.SourceNames);
        }
        return table;
    }
}
