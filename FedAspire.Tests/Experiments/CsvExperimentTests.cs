using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Lab.Commands;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;
using FedAspire.Tests.Data;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>
/// <c>dataset: "csv"</c>: facilities and devices keep their names, the time split holds calibration rows out of training, bad
/// input exits 2 with one line naming file, line and column, and a small folder runs end to end.
/// </summary>
[Trait("Area", "Federation")]
public sealed class CsvExperimentTests
{
    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");


    /// <summary>A folder with two facilities of two devices, 100 rows a minute each; device rows 70..74 are faults.</summary>
    private static string Fleet(TempDirectory temp)
    {
        foreach (var (facility, device) in new[] { ("north", "pump-1"), ("north", "pump-2"), ("south", "fan-1"), ("south", "fan-2") })
        {
            var lines = new List<string> { "timestamp,temp,vib,label" };
            for (int r = 0; r < 100; r++)
            {
                bool fault = r is >= 70 and < 75;
                lines.Add(FormattableString.Invariant($"2026-01-01 {r / 60:00}:{r % 60:00}:00,{20 + r % 5 + (fault ? 9 : 0)},{1 + 0.1 * (r % 3)},{(fault ? "fault" : "normal")}"));
            }
            Directory.CreateDirectory(Path.Combine(temp.Path, "data", facility));
            File.WriteAllLines(Path.Combine(temp.Path, "data", facility, device + ".csv"), lines);
        }
        return Path.Combine(temp.Path, "data");
    }

    private static ExperimentScenario Tiny(string dataPath, ScenarioCsv? csv = null) => new()
    {
        Name = "tiny-csv",
        Dataset = "csv",
        DatasetPath = dataPath,
        Csv = csv ?? new ScenarioCsv { Layout = "file-per-device", LabelColumn = "label", AnomalousLabels = ["fault"], NormalLabels = ["normal"] },
        Seed = 3,
        TrainFraction = 0.6,
        CalibrationFraction = 0.25,
        Partitions = [new ScenarioPartition { Name = "fleet", Strategy = "natural" }],
        Model = new ScenarioModel { Hidden = [4, 1, 4] },
        Training = new ScenarioTraining { Epochs = 1, BatchSize = 32, LearningRate = 3e-3f },
        Rounds = 2,
        Strategies = [new ScenarioStrategy { Name = "fedavg" }],
    };

    [Fact]
    public void Devices_keep_their_names_and_the_split_holds_calibration_rows_out_of_training()
    {
        using var temp = new TempDirectory();
        var scenario = Tiny(Fleet(temp));
        ScenarioFile.Validate(scenario, "test");
        var partition = Assert.Single(ExperimentDataLoader.Load(scenario, Root));

        Assert.Equal(["fleet.north.pump-1", "fleet.north.pump-2", "fleet.south.fan-1", "fleet.south.fan-2"], partition.Clients.Select(c => c.Id));
        Assert.Equal(["temp", "vib"], partition.Features);
        Assert.Contains(partition.Notes, n => n.Contains("Source: CSV data", StringComparison.Ordinal) && n.Contains("4 files", StringComparison.Ordinal));
        var data = partition.Clients[0].Data;
        // 60 training rows (no faults among them), the latest 15 held back for calibration; 40 held out with 5 faults.
        Assert.Equal((45, 15, 40), (data.TrainCount, data.CalibrationCount, data.HeldOutCount));
        Assert.Equal(5, data.HeldOutAnomalous.Count(a => a));
        Assert.True(data.HasLabels);
        Assert.Equal(new DateTime(2026, 1, 1, 1, 0, 0, DateTimeKind.Utc), data.HeldOutTimes[0]);
        Assert.Equal(DateTimeKind.Utc, data.HeldOutTimes[0].Kind);
    }

    [Fact]
    public void Columns_layout_participants_are_facility_and_device_values()
    {
        using var temp = new TempDirectory();
        var lines = new List<string> { "when;site;machine;temp" };
        for (int r = 0; r < 40; r++) lines.Add(FormattableString.Invariant($"2026-01-01 00:{r:00}:00;{(r % 2 == 0 ? "Oslo" : "Bergen")};m{r % 4 / 2};{r}"));
        File.WriteAllLines(temp.Sub("all.csv"), lines);
        var scenario = Tiny(temp.Sub("all.csv"), new ScenarioCsv { Layout = "columns", TimestampColumn = "when", FacilityColumn = "site", DeviceColumn = "machine" });
        ScenarioFile.Validate(scenario, "test");
        var partition = Assert.Single(ExperimentDataLoader.Load(scenario, Root));
        Assert.Equal(["fleet.Bergen.m0", "fleet.Bergen.m1", "fleet.Oslo.m0", "fleet.Oslo.m1"], partition.Clients.Select(c => c.Id));
        Assert.All(partition.Clients, c => Assert.False(c.Data.HasLabels));
        Assert.Equal(10, partition.Clients[0].Data.TrainCount + partition.Clients[0].Data.CalibrationCount + partition.Clients[0].Data.HeldOutCount);
    }

    [Fact]
    public void Split_drops_anomalous_training_rows_and_never_trains_on_calibration_rows()
    {
        // One feature whose value is the row's index: row identity survives the split.
        int n = 100;
        var ts = Enumerable.Range(0, n).Select(r => new DateTime(2026, 1, 1).AddMinutes(r).Ticks).ToArray();
        var rows = Enumerable.Range(0, n).Select(r => (float)r).ToArray();
        var anomalous = Enumerable.Range(0, n).Select(r => r is >= 10 and < 15 || r >= 90).ToArray();
        var p = new CsvParticipant("f", null, ["f.csv"], ts, rows, anomalous, ["x"], n, 0, 0);

        var byFraction = CsvExperimentLoader.Split(p, ["x"], 0.6, null, normalOnly: true).WithCalibrationTail(0.25);
        // 60 training rows minus 5 faults = 55; round(55 x 0.25) = 14 calibrate; rows 60..99 are held out.
        Assert.Equal((41, 14, 40), (byFraction.TrainCount, byFraction.CalibrationCount, byFraction.HeldOutCount));
        Assert.Empty(byFraction.TrainRows.Intersect(byFraction.CalibrationRows));
        Assert.True(byFraction.TrainRows.Max() < byFraction.CalibrationRows.Min(), "calibration rows are the latest training rows");
        Assert.DoesNotContain(12f, byFraction.TrainRows);
        Assert.Equal(60f, byFraction.HeldOutRows[0]);
        Assert.Equal(10, byFraction.HeldOutAnomalous.Count(a => a));

        var byTime = CsvExperimentLoader.Split(p, ["x"], 0.6, new DateTime(2026, 1, 1).AddMinutes(30).Ticks, normalOnly: false).WithCalibrationTail(0.2);
        Assert.Equal((24, 6, 70), (byTime.TrainCount, byTime.CalibrationCount, byTime.HeldOutCount));
        Assert.Contains(12f, byTime.TrainRows);

        var unlabelled = CsvExperimentLoader.Split(p with { Anomalous = null }, ["x"], 0.5, null, normalOnly: true);
        Assert.False(unlabelled.HasLabels);
        Assert.Equal((50, 50), (unlabelled.TrainCount, unlabelled.HeldOutCount));
        Assert.DoesNotContain(true, unlabelled.HeldOutAnomalous);
    }

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // file, content, csv section (JSON), expected message part
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,normal\n2026-01-01 00:01:00,abc,normal\n", Labelled, "line 3, column 2: 'abc' in column 'temp' is not a number" },
        { "a.csv", "timestamp,temp\n2026-01-01 00:00:00,1\n", Labelled, "no label column 'label'" },
        { "a.csv", "time,temp,label\n2026-01-01 00:00:00,1,normal\n", Labelled, "no timestamp column 'timestamp'" },
        { "a.csv", "", Labelled, "a.csv: line 1: the file is empty" },
        { "a.csv", "timestamp,temp,label\n", Labelled, "a.csv: line 2: the file has a header but no data rows" },
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,normal\n2026-01-01 00:01:00,2\n", Labelled, "line 3, column 2: the line has 2 fields, the header has 3" },
        { "a.csv", "timestamp,temp,label\nyesterday,1,normal\n", Labelled, "line 2, column 1: 'yesterday' is not a timestamp" },
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,normal\n2026-01-01 00:01:00,2,broken\n", Labelled, "Values found: 'normal', 'broken'" },
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,0\n2026-01-01 00:01:00,2,1\n", """{ "labelColumn": "label" }""", "needs csv.anomalousLabels" },
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,0\n", "{}", "line 1, column 3: column 'label' looks like a label" },
        { "a.csv", "timestamp,temp,is_anomaly\n2026-01-01 00:00:00,1,0\n", "{}", "column 'is_anomaly' looks like a label" },
        { "a.csv", "timestamp,temp,label\n2026-01-01 00:00:00,1,normal\n2026-01-01 00:00:00,2,normal\n", Labelled, "line 3: timestamp 2026-01-01 00:00:00 of 'a' repeats line 2" },
        { "a.csv", "timestamp,temp\n2026-01-01 00:00:00,1\n", """{ "layout": "grid" }""", "csv.layout must be one of" },
        { "a.csv", "timestamp,temp\n2026-01-01 00:00:00,1\n", """{ "delimeter": ";" }""", "delimeter" },
        { "a.csv", "timestamp,temp\n2026-01-01 00:00:00,1\n2026-01-01 00:01:00,2\n", """{ "trainUntil": "2000-01-01T00:00:00" }""", "no participant has training rows" },
    };

    private const string Labelled = """{ "labelColumn": "label", "anomalousLabels": ["fault"], "normalLabels": ["normal"] }""";

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_exits_2_with_one_line_naming_the_problem(string file, string content, string csv, string expected)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Sub("data"));
        File.WriteAllText(Path.Combine(temp.Sub("data"), file), content);
        var scenario = temp.Sub("s.json");
        File.WriteAllText(scenario, $$"""
            { "name": "bad", "dataset": "csv", "datasetPath": "{{temp.Sub("data").Replace("\\", "\\\\", StringComparison.Ordinal)}}", "csv": {{csv}},
              "partitions": [{ "name": "p", "strategy": "natural" }], "strategies": [{ "name": "fedavg" }], "rounds": 1 }
            """);
        var (code, error) = await CliRun.CapturingErrorsAsync(["experiment", "--scenario", scenario, "--out", temp.Sub("out")]);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partition_verb_rejects_the_same_files_with_exit_2()
    {
        using var temp = new TempDirectory();
        var headerOnly = temp.Sub("header-only.csv");
        File.WriteAllText(headerOnly, "timestamp,temp\n");
        var labelLike = temp.Sub("status.csv");
        File.WriteAllText(labelLike, "timestamp;temp;status\n2026-01-01 00:00:00;1;ok\n");
        var binary = temp.Sub("binary.csv");
        File.WriteAllText(binary, "timestamp,temp,y\n2026-01-01 00:00:00,1,0\n2026-01-01 00:01:00,1,1\n");

        var (code, error) = await CliRun.CapturingErrorsAsync(["partition", "--input", headerOnly, "--format", "csv", "--out", temp.Sub("p1")]);
        Assert.Equal((2, true), (code, error.Contains("header-only.csv: line 2: the file has a header but no data rows", StringComparison.Ordinal)));
        (code, error) = await CliRun.CapturingErrorsAsync(["partition", "--input", labelLike, "--format", "csv", "--out", temp.Sub("p2")]);
        Assert.Equal((2, true), (code, error.Contains("column 'status' looks like a label", StringComparison.Ordinal)));
        (code, error) = await CliRun.CapturingErrorsAsync(["partition", "--input", binary, "--format", "csv", "--label-column", "y", "--out", temp.Sub("p3")]);
        Assert.Equal((2, true), (code, error.Contains("no anomalous label values", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_small_csv_folder_runs_end_to_end_under_its_own_names()
    {
        using var temp = new TempDirectory();
        var scenario = Tiny(Fleet(temp));
        ScenarioFile.Validate(scenario, "test");
        var (result, _, files) = await ExperimentCommand.RunAsync(scenario, Root, temp.Sub("out"), "test", _ => { }, TestContext.Current.CancellationToken);

        var arm = Assert.Single(result.Arms);
        Assert.Equal(2, arm.Rounds.Count);
        Assert.All(arm.Rounds, r => Assert.Equal(4, r.Participants));
        Assert.Contains("report.md", files);
        var report = File.ReadAllText(Path.Combine(temp.Sub("out"), "report.md"));
        Assert.Contains("fleet.south.fan-2", report, StringComparison.Ordinal);
        Assert.Contains("Source: CSV data", report, StringComparison.Ordinal);
        Assert.DoesNotContain("pump-plant", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_csv_fleet_scenario_reads_its_example_with_real_names()
    {
        var scenario = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "csv-fleet.json"));
        var partition = Assert.Single(ExperimentDataLoader.Load(scenario, Root));
        Assert.Equal(6, partition.Clients.Count);
        Assert.Contains(partition.Clients, c => c.Id == "fleet.south-plant.compressor-1");
        Assert.Equal(["temperature", "vibration", "pressure"], partition.Features);
        Assert.False(partition.Clients.Single(c => c.Id == "fleet.east-depot.fan-2").Data.HasLabels);
        Assert.All(partition.Clients, c => Assert.True(c.Data.CalibrationCount > 0));
    }
}
