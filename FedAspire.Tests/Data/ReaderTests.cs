using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class ReaderTests
{
    private const string PumpWithIndex =
        ",timestamp,sensor_00,sensor_01,sensor_15,machine_status\n" +
        "0,2018-04-01 00:00:00,2.465394,47.09201,,NORMAL\n" +
        "1,2018-04-01 00:01:00,2.465394,,,RECOVERING\n" +
        "2,2018-04-01 00:02:00,2.444734,47.35243,,BROKEN\n";

    [Fact]
    public void Pump_schema_with_a_leading_index_reads_sensors_labels_and_missing_values()
    {
        var t = PumpSensorReader.Read(new StringReader(PumpWithIndex), "inline.csv");

        Assert.Equal(["sensor_00", "sensor_01", "sensor_15"], t.SensorNames);
        Assert.Equal(3, t.RowCount);
        Assert.Equal(new DateTime(2018, 4, 1, 0, 1, 0).Ticks, t.Timestamps[1]);
        Assert.Equal(2.444734f, t.Column("sensor_00")[2]);
        Assert.True(float.IsNaN(t.Column("sensor_01")[1]));
        Assert.All(t.Column("sensor_15"), v => Assert.True(float.IsNaN(v)));
        Assert.Equal([0, 1, 2], t.Labels!);
        Assert.False(t.IsAnomalous(0));
        Assert.True(t.IsAnomalous(1));
        Assert.True(t.IsAnomalous(2));
    }

    [Fact]
    public void A_malformed_number_names_file_line_and_column()
    {
        var bad = PumpWithIndex.Replace("47.35243", "47.3x5", StringComparison.Ordinal);
        var e = Assert.Throws<DataFormatException>(() => PumpSensorReader.Read(new StringReader(bad), "pump.csv"));

        Assert.Equal("pump.csv", e.File);
        Assert.Equal(4, e.Line);
        Assert.Equal(4, e.Column);
        Assert.Contains("'47.3x5'", e.Message, StringComparison.Ordinal);
        Assert.Contains("sensor_01", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_too_many_or_too_few_fields_is_rejected_with_its_line()
    {
        var extra = Assert.Throws<DataFormatException>(() => PumpSensorReader.Read(new StringReader(PumpWithIndex + "3,2018-04-01 00:03:00,1,2,,NORMAL,9\n"), "x.csv"));
        Assert.Equal(5, extra.Line);
        Assert.Equal(7, extra.Column);
        var missing = Assert.Throws<DataFormatException>(() => PumpSensorReader.Read(new StringReader(PumpWithIndex + "3,2018-04-01 00:03:00,1\n"), "x.csv"));
        Assert.Equal(5, missing.Line);
        Assert.Contains("3 fields", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_status_bad_timestamp_and_missing_label_column_are_errors()
    {
        Assert.Contains("BROKE", Assert.Throws<DataFormatException>(() =>
            PumpSensorReader.Read(new StringReader(PumpWithIndex.Replace("BROKEN", "BROKE", StringComparison.Ordinal)), "x.csv")).Message, StringComparison.Ordinal);
        var ts = Assert.Throws<DataFormatException>(() =>
            PumpSensorReader.Read(new StringReader(PumpWithIndex.Replace("2018-04-01 00:02:00", "yesterday", StringComparison.Ordinal)), "x.csv"));
        Assert.Equal((4, 2), (ts.Line, ts.Column));
        Assert.Contains("machine_status", Assert.Throws<DataFormatException>(() =>
            PumpSensorReader.Read(new StringReader("timestamp,sensor_00\n2018-04-01 00:00:00,1\n"), "x.csv")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_csv_takes_configured_names_collects_labels_and_allows_missing_values()
    {
        const string csv = "time;a;b;state\n2020-01-01T00:00:00;1.5;;ok\n2020-01-01T00:00:01;NaN;2;fault\n2020-01-01T00:00:02;3;4;ok\n";
        var t = DelimitedSensorReader.Read(new StringReader(csv), "g.csv", new CsvReadOptions
        {
            Separator = ';', TimestampColumn = "time", LabelColumn = "state", AnomalousLabels = ["fault"], NormalLabels = ["ok"],
        });

        Assert.Equal(["a", "b"], t.SensorNames);
        Assert.Equal(["ok", "fault"], t.LabelScheme!.Names);
        Assert.Equal([0, 1, 0], t.Labels!);
        Assert.True(t.IsAnomalous(1));
        Assert.True(float.IsNaN(t.Column("a")[1]));
        Assert.True(float.IsNaN(t.Column("b")[0]));
        Assert.Equal(2.0 / 6, t.MissingRate(), 12);
    }

    [Fact]
    public void Skab_content_with_crlf_and_numeric_labels_reads_and_drops_changepoint()
    {
        const string skab = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint\r\n"
            + "2020-03-09 10:14:33;0.0265878;0.0401113;1.3302;0.054711;79.3366;26.0199;233.062;32.0;0.0;0.0\r\n"
            + "2020-03-09 10:14:34;0.0261697;0.0404525;1.35399;0.382638;79.5158;26.0258;236.04;32.0;1.0;1.0\r\n";
        var t = SkabReader.Read(new StringReader(skab), "valve1/0.csv");

        Assert.Equal(SkabReader.Sensors, t.SensorNames);
        Assert.Equal([0, 1], t.Labels!);
        Assert.Equal(32.0f, t.Column("Volume Flow RateRMS")[1]);
        Assert.Equal("anomaly", t.LabelScheme!.ColumnName);
    }

    [Theory]
    [InlineData("2018-04-01 00:00:00")]
    [InlineData("2004-02-12 10:32:39")]
    [InlineData("2003-10-22 12:06:24.00005")]
    public void Timestamps_round_trip_through_format_and_parse(string text)
    {
        Assert.True(CellParser.TryParseTimestamp(text, out var ticks));
        Assert.Equal(text, CellParser.FormatTimestamp(ticks));
        Assert.Equal(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture).Ticks, ticks);
    }

    [Fact]
    public void Written_tables_read_back_identically()
    {
        var t = PumpSensorReader.Read(new StringReader(PumpWithIndex), "inline.csv");
        var text = new StringWriter();
        SensorTableCsvWriter.Write(t, text);
        var back = PumpSensorReader.Read(new StringReader(text.ToString()), "round-trip.csv");

        Assert.Equal(t.SensorNames, back.SensorNames);
        Assert.Equal(t.Timestamps, back.Timestamps);
        Assert.Equal(t.Labels!, back.Labels!);
        for (int c = 0; c < t.SensorCount; c++) Assert.Equal(t.Column(c), back.Column(c));
    }

    [Fact]
    public void Streaming_read_allocates_a_small_multiple_of_the_file_size()
    {
        var table = Core.Data.Synthetic.SyntheticPumpPlant.Generate(new Core.Data.Synthetic.SyntheticPlantOptions { Rows = 20_000, Seed = 3 });
        var path = Path.Combine(TestData.TempDirectory(), "plant.csv");
        SensorTableCsvWriter.WriteFile(table, path);
        long fileBytes = new FileInfo(path).Length;

        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = PumpSensorReader.Read(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(20_000, read.RowCount);
        // Total allocation (an upper bound on the peak): lines are spans over one buffer, so this is mostly the growing column buffers.
        Assert.True(allocated < 2 * fileBytes, $"allocated {allocated:N0} bytes for a {fileBytes:N0}-byte file");
        File.Delete(path);
    }

    [Fact]
    public void Pump_checksum_reports_a_file_that_is_not_the_kaggle_original()
    {
        var path = Path.Combine(TestData.TempDirectory(), "sensor.csv");
        File.WriteAllText(path, PumpWithIndex);
        var check = PumpSensorReader.Verify(path);

        Assert.False(check.MatchesKaggleOriginal);
        Assert.Equal(64, check.Sha256.Length);
        Assert.Contains("not the Kaggle original", check.Describe(), StringComparison.Ordinal);
        var kaggle = Path.Combine(TestData.DatasetsRoot, "pump", "sensor.csv");
        if (File.Exists(kaggle)) Assert.True(PumpSensorReader.Verify(kaggle).MatchesKaggleOriginal);
    }
}
