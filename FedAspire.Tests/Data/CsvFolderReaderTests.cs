using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;

namespace FedAspire.Tests.Data;

/// <summary>Reading folders of CSVs into facilities and devices: layouts keep names, sensors unite, time order and duplicates are handled.</summary>
[Trait("Area", "Data")]
public sealed class CsvFolderReaderTests
{
    private static string Rows(string header, params string[] rows) => header + "\n" + string.Join("\n", rows) + "\n";

    private static string Write(string dir, string relative, string text)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void File_per_facility_names_facilities_by_file_and_unites_sensors_in_first_seen_order()
    {
        var dir = TestData.TempDirectory();
        Write(dir, "Plant A.csv", Rows("timestamp,temp,flow,label", "2026-01-01 00:00:00,1,10,ok", "2026-01-01 00:01:00,2,11,bad"));
        Write(dir, "plant-b.csv", Rows("timestamp;temp;pressure", "2026-01-01 00:00:00;3;5", "2026-01-01 00:01:00;4;6"));

        var data = CsvFolderReader.Read(dir, new CsvFolderOptions { LabelColumn = "label", AnomalousLabels = ["bad"], NormalLabels = ["ok"] });

        Assert.Equal(["Plant A", "plant-b"], data.Participants.Select(p => p.Name));
        Assert.Equal(["temp", "flow", "pressure"], data.Features);
        var a = data.Participants[0];
        Assert.Equal([false, true], a.Anomalous!);
        Assert.True(float.IsNaN(a.Rows[2])); // Plant A has no pressure
        var b = data.Participants[1];
        Assert.Null(b.Anomalous);
        Assert.Equal([3f, float.NaN, 5f, 4f, float.NaN, 6f], b.Rows);
        Assert.Equal(["temp", "pressure"], b.Sensors);
        Assert.Single(data.UnlabelledFiles);
    }

    [Fact]
    public void File_per_device_reads_a_subfolder_per_facility_and_a_flat_file_as_its_own_facility()
    {
        var dir = TestData.TempDirectory();
        const string text = "timestamp,v\n2026-01-01 00:00:00,1\n2026-01-01 00:01:00,2\n";
        Write(dir, Path.Combine("north", "pump-1.csv"), text);
        Write(dir, Path.Combine("north", "pump-2.csv"), text);
        Write(dir, Path.Combine("south", "fan.csv"), text);
        Write(dir, "loner.csv", text);

        var data = CsvFolderReader.Read(dir, new CsvFolderOptions { Layout = CsvLayout.FilePerDevice });

        Assert.Equal(["loner", "north.pump-1", "north.pump-2", "south.fan"], data.Participants.Select(p => p.Name));
        Assert.Null(data.Participants[0].Device);
        Assert.Equal(("north", "pump-2"), (data.Participants[2].Facility, data.Participants[2].Device));
    }

    [Fact]
    public void Columns_layout_groups_rows_of_several_files_by_facility_and_device()
    {
        var dir = TestData.TempDirectory();
        Write(dir, "jan.csv", Rows("time,site,machine,t", "2026-01-01 00:00:00,Oslo,m1,1", "2026-01-01 00:00:00,Oslo,m2,2", "2026-01-01 00:01:00,Bergen,m1,3"));
        Write(dir, "feb.csv", Rows("time,site,machine,t", "2026-02-01 00:00:00,Oslo,m1,4"));

        var data = CsvFolderReader.Read(dir, new CsvFolderOptions { Layout = CsvLayout.Columns, TimestampColumn = "time", FacilityColumn = "site", DeviceColumn = "machine" });

        Assert.Equal(["Bergen.m1", "Oslo.m1", "Oslo.m2"], data.Participants.Select(p => p.Name));
        Assert.Equal(["t"], data.Features);
        var oslo1 = data.Participants[1];
        Assert.Equal([1f, 4f], oslo1.Rows);
        Assert.Equal(2, oslo1.Files.Count);
    }

    [Fact]
    public void Rows_are_sorted_by_time_and_out_of_order_rows_counted()
    {
        var dir = TestData.TempDirectory();
        Write(dir, "a.csv", Rows("timestamp,v", "2026-01-01 00:02:00,3", "2026-01-01 00:00:00,1", "2026-01-01 00:01:00,2"));
        var p = CsvFolderReader.Read(dir, new CsvFolderOptions()).Participants[0];
        Assert.Equal([1f, 2f, 3f], p.Rows);
        Assert.Equal(1, p.OutOfOrder);
        Assert.Equal(0, p.Duplicates);
    }

    [Theory]
    [InlineData(DuplicateTimestampPolicy.KeepFirst, new[] { 1f, 5f }, new[] { false, false })]
    [InlineData(DuplicateTimestampPolicy.KeepLast, new[] { 3f, 5f }, new[] { true, false })]
    [InlineData(DuplicateTimestampPolicy.Mean, new[] { 2f, 5f }, new[] { true, false })]
    public void Duplicate_timestamps_follow_the_policy(DuplicateTimestampPolicy policy, float[] values, bool[] anomalous)
    {
        var dir = TestData.TempDirectory();
        Write(dir, "a.csv", Rows("timestamp,v,label", "2026-01-01 00:00:00,1,0", "2026-01-01 00:01:00,5,0", "2026-01-01 00:00:00,3,1"));
        var p = CsvFolderReader.Read(dir, new CsvFolderOptions { LabelColumn = "label", AnomalousLabels = ["1"], DuplicateTimestamps = policy }).Participants[0];
        Assert.Equal(values, p.Rows);
        Assert.Equal(anomalous, p.Anomalous!);
        Assert.Equal(1, p.Duplicates);
        Assert.Equal(3, p.RowsRead);
    }

    [Fact]
    public void Duplicate_timestamps_with_policy_error_name_both_lines()
    {
        var dir = TestData.TempDirectory();
        var file = Write(dir, "a.csv", Rows("timestamp,v", "2026-01-01 00:00:00,1", "2026-01-01 00:01:00,5", "", "2026-01-01 00:00:00,3"));
        var e = Assert.Throws<DataFormatException>(() => CsvFolderReader.Read(dir, new CsvFolderOptions()));
        Assert.Equal((file, 5L), (e.File, e.Line));
        Assert.Contains("repeats line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_columns_are_skipped_unless_they_look_like_labels()
    {
        var dir = TestData.TempDirectory();
        Write(dir, "a.csv", Rows("timestamp,site,v", "2026-01-01 00:00:00,Oslo,1"));
        var data = CsvFolderReader.Read(dir, new CsvFolderOptions());
        Assert.Equal(["v"], data.Features);
        Assert.Single(data.SkippedColumns);

        Write(dir, "a.csv", Rows("timestamp,status,v", "2026-01-01 00:00:00,ok,1"));
        Assert.Contains("column 'status' looks like a label", Assert.Throws<DataFormatException>(() => CsvFolderReader.Read(dir, new CsvFolderOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_and_empty_files_name_the_file()
    {
        var dir = TestData.TempDirectory();
        var file = Write(dir, "empty-ish.csv", "timestamp,v\n");
        var e = Assert.Throws<DataFormatException>(() => CsvFolderReader.Read(dir, new CsvFolderOptions()));
        Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("no data rows", e.Message, StringComparison.Ordinal);
        File.WriteAllText(file, "");
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => CsvFolderReader.Read(dir, new CsvFolderOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_outside_the_anomalous_and_normal_sets_are_errors_listing_the_values()
    {
        const string text = "time,v,state\n2020-01-01 00:00:00,1,ok\n2020-01-01 00:00:01,2,fault\n2020-01-01 00:00:02,3,broken\n";
        var e = Assert.Throws<DataFormatException>(() => DelimitedSensorReader.Read(new StringReader(text), "g.csv",
            new CsvReadOptions { TimestampColumn = "time", LabelColumn = "state", AnomalousLabels = ["fault"], NormalLabels = ["ok"] }));
        Assert.Equal((4L, 3), (e.Line, e.Column));
        Assert.Contains("Values found: 'ok', 'fault', 'broken'", e.Message, StringComparison.Ordinal);

        // Text labels without a normal set: never silently normal.
        Assert.Contains("normalLabels", Assert.Throws<DataFormatException>(() => DelimitedSensorReader.Read(new StringReader(text), "g.csv",
            new CsvReadOptions { TimestampColumn = "time", LabelColumn = "state", AnomalousLabels = ["fault"] })).Message, StringComparison.Ordinal);

        // 0/1 labels: the non-anomalous value is normal, numbers match numerically; without anomalous labels they are an error.
        const string binary = "time,v,y\n2020-01-01 00:00:00,1,0.0\n2020-01-01 00:00:01,2,1.0\n";
        var t = DelimitedSensorReader.Read(new StringReader(binary), "b.csv", new CsvReadOptions { TimestampColumn = "time", LabelColumn = "y", AnomalousLabels = ["1"] });
        Assert.Equal([false, true], new[] { t.IsAnomalous(0), t.IsAnomalous(1) });
        Assert.Contains("no anomalous label values", Assert.Throws<DataFormatException>(() => DelimitedSensorReader.Read(new StringReader(binary), "b.csv",
            new CsvReadOptions { TimestampColumn = "time", LabelColumn = "y" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_with_an_offset_read_as_utc_and_plain_times_as_written()
    {
        Assert.True(CellParser.TryParseTimestamp("2026-01-01T01:00:00+01:00", out var offset));
        Assert.Equal(new DateTime(2026, 1, 1).Ticks, offset);
        Assert.True(CellParser.TryParseTimestamp("2026-01-01T00:00:00Z", out var zulu));
        Assert.Equal(new DateTime(2026, 1, 1).Ticks, zulu);
        Assert.True(CellParser.TryParseTimestamp("01/02/2026 03:04:05", out var plain));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5).Ticks, plain);
    }

    [Fact]
    public void Separators_are_detected_from_the_header()
    {
        Assert.Equal(';', CsvSeparator.Detect("a;b;c"));
        Assert.Equal('\t', CsvSeparator.Detect("a\tb"));
        Assert.Equal(',', CsvSeparator.Detect("\"x;y\",b"));
        Assert.Equal(',', CsvSeparator.Detect("single"));
    }

    [Fact]
    public void The_committed_csv_fleet_example_is_the_generators_output()
    {
        var committed = Path.Combine(TestData.RepositoryRoot, "data", "examples", "csv-fleet");
        var regenerated = TestData.TempDirectory();
        var files = CsvFleetGenerator.Write(regenerated);
        Assert.Equal(6, files.Count);
        long total = 0;
        foreach (var f in files)
        {
            var relative = Path.GetRelativePath(regenerated, f);
            Assert.Equal(File.ReadAllText(f), File.ReadAllText(Path.Combine(committed, relative)).ReplaceLineEndings("\n"));
            total += new FileInfo(f).Length;
        }
        Assert.True(total < 150_000, $"the example is {total} bytes");
    }
}
