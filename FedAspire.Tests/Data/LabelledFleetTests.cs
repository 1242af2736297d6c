using System.Globalization;
using System.Text.RegularExpressions;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Lab.Commands;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed partial class LabelledFleetTests
{
    private static readonly MoteFleetOptions SmallMotes = new() { Days = 1.5, Seed = 3 };
    private static readonly MachineTemperatureOptions SmallMachines = new() { Days = 20, Seed = 3 };
    private static readonly PlantUnitsOptions SmallUnits = new() { RowsPerPump = 4_000, Seed = 3 };
    private static readonly PlantDriftOptions SmallDrift = new() { RowsPerPump = 6_000, Seed = 3 };

    public static TheoryData<string> Variants => new(LabelledFleetVariants.Synthetic);

    private static LabelledFleet Small(string variant, int seed) => variant switch
    {
        "motes" => MoteFleet.Generate(SmallMotes with { Seed = seed }),
        "machine-temperature" => MachineTemperatureFleet.Generate(SmallMachines with { Seed = seed }),
        "plant-units" => PlantUnitsFleet.Generate(SmallUnits with { Seed = seed }),
        "plant-drift" => PlantDriftFleet.Generate(SmallDrift with { Seed = seed }),
        _ => throw new ArgumentException(variant),
    };

    private static string Text(LabelledFleet fleet)
    {
        var w = new StringWriter();
        foreach (var d in fleet.Devices)
        {
            w.Write($"== {d.Facility}/{d.Device}\n");
            LabelledFleetWriter.WriteDevice(d, w);
        }
        w.Write(LabelledFleetWriter.Readme(fleet));
        return w.ToString();
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Each_variant_is_deterministic_by_seed(string variant)
    {
        Assert.Equal(Text(Small(variant, 5)), Text(Small(variant, 5)));
        Assert.NotEqual(Text(Small(variant, 5)), Text(Small(variant, 6)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Labels_are_exactly_the_listed_fault_episodes(string variant)
    {
        var fleet = Small(variant, 7);
        Assert.True(fleet.AnomalousRowCount > 0, "some faults");
        foreach (var d in fleet.Devices)
        {
            Assert.Equal(LabelledFleetWriter.LabelsFrom(d.RowCount, d.Faults), d.Labels);
            Assert.All(d.Columns, c => Assert.Equal(d.RowCount, c.Length));
            for (int t = 1; t < d.RowCount; t++) Assert.True(d.Timestamps[t] > d.Timestamps[t - 1]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(42)]
    public void Motes_have_three_climates_six_to_ten_motes_each_and_two_to_five_percent_anomalies(int seed)
    {
        var fleet = MoteFleet.Generate(new MoteFleetOptions { Seed = seed });
        Assert.InRange(fleet.AnomalousShare, 0.02, 0.05);
        Assert.InRange(fleet.RowCount, 50_000, 200_000);
        Assert.Equal(["office", "greenhouse", "server-room"], fleet.Facilities);
        foreach (var f in fleet.Facilities) Assert.InRange(fleet.Devices.Count(d => d.Facility == f), 6, 10);
        double MeanTemperature(string facility) => fleet.Devices.Where(d => d.Facility == facility).SelectMany(d => d.Column("temperature")).Where(v => !float.IsNaN(v)).Average(v => (double)v);
        Assert.True(MeanTemperature("greenhouse") - MeanTemperature("server-room") > 3, "facilities differ in climate");
        double missing = fleet.Devices.Average(d => d.Column("humidity").Count(float.IsNaN) / (double)d.RowCount);
        Assert.InRange(missing, 0.005, 0.05);
        foreach (var kind in new[] { "spike-burst", "stuck-at", "noise-burst", "battery-drift" })
            Assert.Contains(fleet.Devices.SelectMany(d => d.Faults), e => e.Kind == kind);
    }

    [Fact]
    public void Mote_faults_show_in_the_readings_where_they_are_labelled()
    {
        var fleet = MoteFleet.Generate(new MoteFleetOptions { Seed = 11, MissingRate = 0 });
        foreach (var d in fleet.Devices)
        {
            var temperature = d.Column("temperature");
            var voltage = d.Column("voltage");
            foreach (var f in d.Faults)
            {
                var inside = Enumerable.Range(f.StartRow, f.EndRow - f.StartRow + 1).Where(t => !float.IsNaN(temperature[t])).ToArray();
                switch (f.Kind)
                {
                    case "stuck-at":
                        Assert.Single(inside.Select(t => temperature[t]).Distinct());
                        break;
                    case "battery-drift":
                        Assert.Equal(d.RowCount - 1, f.EndRow);
                        var before = Enumerable.Range(f.StartRow - 60, 60).Where(t => !float.IsNaN(voltage[t])).Average(t => voltage[t]);
                        var after = Enumerable.Range(d.RowCount - 60, 60).Where(t => !float.IsNaN(voltage[t])).Average(t => voltage[t]);
                        Assert.True(before - after > 0.2, $"{d.Device}: voltage {before} -> {after}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Machine_temperatures_have_one_to_three_sites_and_ramps_or_drops_at_their_failures()
    {
        for (int seed = 1; seed <= 4; seed++)
        {
            var fleet = MachineTemperatureFleet.Generate(new MachineTemperatureOptions { Seed = seed });
            Assert.InRange(fleet.Facilities.Count, 1, 3);
            foreach (var f in fleet.Facilities) Assert.InRange(fleet.Devices.Count(d => d.Facility == f), 1, 2);
            Assert.InRange(fleet.AnomalousShare, 0.005, 0.08);
            foreach (var d in fleet.Devices)
            {
                Assert.Equal(["temperature"], d.SensorNames);
                Assert.InRange(d.Faults.Count, 2, 3);
                var x = d.Columns[0];
                double At(int t) { while (float.IsNaN(x[t])) t--; return x[t]; }
                foreach (var f in d.Faults)
                {
                    double before = At(f.StartRow - 1);
                    double lowest = Enumerable.Range(f.StartRow, f.EndRow - f.StartRow + 1).Where(t => !float.IsNaN(x[t])).Min(t => x[t]);
                    Assert.True(before - lowest > 20, $"{d.Device} {f.Kind}: the machine stops ({before} -> {lowest})");
                    if (f.Kind == "ramp-to-failure")
                    {
                        double peak = Enumerable.Range(f.StartRow, f.EndRow - f.StartRow + 1).Where(t => !float.IsNaN(x[t])).Max(t => x[t]);
                        Assert.True(peak - before > 5, $"{d.Device}: ramp {before} -> {peak}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Plant_units_are_the_same_physics_under_affine_unit_maps()
    {
        var mixed = PlantUnitsFleet.Generate(SmallUnits);
        var metric = PlantUnitsFleet.Generate(SmallUnits with { FacilityUnits = [PlantUnitSystem.Metric, PlantUnitSystem.Metric, PlantUnitSystem.Metric] });
        Assert.Equal(metric.Devices.Count, mixed.Devices.Count);
        for (int i = 0; i < mixed.Devices.Count; i++)
        {
            var (m, c) = (mixed.Devices[i], metric.Devices[i]);
            Assert.Equal(c.Labels, m.Labels);
            var units = m.Facility switch { "plant-a" => PlantUnitSystem.Metric, "plant-b" => PlantUnitSystem.Us, _ => PlantUnitSystem.Si };
            foreach (var (name, _, quantity) in PlantFleet.Sensors)
            {
                var unit = quantity switch
                {
                    PlantFleet.Quantity.Temperature => units.Temperature,
                    PlantFleet.Quantity.Pressure => units.Pressure,
                    PlantFleet.Quantity.Flow => units.Flow,
                    _ => new AffineUnit("", 1, 0),
                };
                var (x, y) = (c.Column(name), m.Column(name));
                for (int t = 0; t < x.Length; t++)
                {
                    Assert.Equal(float.IsNaN(x[t]), float.IsNaN(y[t]));
                    if (float.IsNaN(x[t])) continue;
                    double expected = unit.Apply(x[t]);
                    Assert.True(Math.Abs(y[t] - expected) <= 1e-5 * Math.Abs(expected) + 1e-4, $"{m.Device} {name} row {t}: {y[t]} vs {expected}");
                }
            }
        }
        // The US facility's temperatures are °F of its metric twin.
        var us = mixed.Devices.First(d => d.Facility == "plant-b");
        var twin = metric.Devices.First(d => d.Device == us.Device);
        int row = Array.FindIndex(twin.Column("bearing_temperature"), v => !float.IsNaN(v));
        Assert.Equal(9.0 / 5 * twin.Column("bearing_temperature")[row] + 32, us.Column("bearing_temperature")[row], 0.01);
        Assert.Contains("°F", us.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Plant_drift_faults_come_late_and_normal_operation_drifts()
    {
        var fleet = PlantDriftFleet.Generate(new PlantDriftOptions { Seed = 9 });
        Assert.True(fleet.AnomalousRowCount > 0);
        Assert.InRange(fleet.RowCount, 50_000, 200_000);
        foreach (var d in fleet.Devices)
        {
            int healthy = (int)(d.RowCount * 0.6);
            Assert.DoesNotContain(d.Labels.Take(healthy), l => l != 0);
            // Ageing: some sensor's normal-row mean moves by more than its early standard deviation between the first and last tenths.
            int tenth = d.RowCount / 10;
            Assert.Contains(d.SensorNames, name =>
            {
                var x = d.Column(name);
                var early = Enumerable.Range(0, tenth).Where(t => !float.IsNaN(x[t])).Select(t => (double)x[t]).ToArray();
                var late = Enumerable.Range(d.RowCount - tenth, tenth).Where(t => d.Labels[t] == 0 && !float.IsNaN(x[t])).Select(t => (double)x[t]).ToArray();
                double mean = early.Average(), std = Math.Sqrt(early.Average(v => (v - mean) * (v - mean)));
                return late.Length > 0 && Math.Abs(late.Average() - mean) > std;
            });
        }
    }

    [Fact]
    public void The_writer_uses_the_common_format()
    {
        var fleet = MachineTemperatureFleet.Generate(SmallMachines);
        var dir = Path.Combine(TestData.TempDirectory(), "fleet");
        LabelledFleetWriter.Write(fleet, dir);
        var d = fleet.Devices[0];
        var lines = File.ReadAllLines(Path.Combine(dir, d.Facility, d.Device + ".csv"));
        Assert.Equal("timestamp,temperature,label", lines[0]);
        Assert.Equal(d.RowCount + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Matches(RowPattern(), l));
        int missing = Array.FindIndex(d.Columns[0], float.IsNaN);
        Assert.True(missing >= 0, "the series has a missing reading");
        Assert.Matches("Z,,[01]$", lines[missing + 1]);
        var readme = File.ReadAllText(Path.Combine(dir, "README.md"));
        Assert.StartsWith(LabelledFleetWriter.ReadmeMarker, readme, StringComparison.Ordinal);
        Assert.Contains("Seed: 3", readme, StringComparison.Ordinal);
        Assert.Contains(d.Faults[0].Kind, readme, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => LabelledFleetWriter.Write(fleet, dir));
        LabelledFleetWriter.Write(fleet, dir, overwrite: true);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,(-?[0-9.]+(E[-+]?\d+)?)?,[01]$")]
    private static partial Regex RowPattern();

    [Fact]
    public void Ims_labels_follow_the_derived_rule_on_a_small_file()
    {
        // Two channels every 10 minutes from before the training period to after it: channel A has a huge value before the
        // training period (neither in the statistics nor an onset), exceeds mean + 5 std once at row 280 and falls back (the
        // label must stay 1); channel B never exceeds its bound.
        var path = Path.Combine(TestData.TempDirectory(), "merged_dataset_BearingTest_2.csv");
        var start = new DateTime(2004, 2, 12, 10, 32, 39);
        var lines = new List<string> { ",Bearing 1,Bearing 2" };
        var a = new double[320];
        var b = new double[320];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = 1 + 0.01 * ((i * 37) % 11 - 5);
            b[i] = 2 + 0.02 * ((i * 13) % 7 - 3);
        }
        a[0] = 50;
        a[280] = 3;
        for (int i = 0; i < a.Length; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(10 * i):yyyy-MM-dd HH:mm:ss},{a[i]},{b[i]}"));
        File.WriteAllLines(path, lines);

        var fleet = ImsTest2Converter.Convert(path);

        Assert.Equal(["ims-test2"], fleet.Facilities);
        Assert.Equal(["bearing-1", "bearing-2"], fleet.Devices.Select(d => d.Device));
        Assert.Equal(ExpectedLabels(a, start), fleet.Devices[0].Labels);
        Assert.Equal(280, Array.IndexOf(fleet.Devices[0].Labels, (byte)1));
        Assert.DoesNotContain(fleet.Devices[1].Labels, l => l != 0);
        Assert.Contains("DERIVED", fleet.Description, StringComparison.Ordinal);
    }

    private static byte[] ExpectedLabels(double[] x, DateTime start)
    {
        var training = Enumerable.Range(0, x.Length).Where(i => start.AddMinutes(10 * i) >= ImsTest2Converter.TrainingStart && start.AddMinutes(10 * i) <= ImsTest2Converter.TrainingEnd)
            .Select(i => (double)(float)x[i]).ToArray();
        double mean = training.Average();
        double std = Math.Sqrt(training.Sum(v => (v - mean) * (v - mean)) / (training.Length - 1));
        int after = Enumerable.Range(0, x.Length).First(i => start.AddMinutes(10 * i) > ImsTest2Converter.TrainingEnd);
        int onset = Array.FindIndex(x, after, v => (float)v > mean + 5 * std);
        return Enumerable.Range(0, x.Length).Select(i => (byte)(onset >= 0 && i >= onset ? 1 : 0)).ToArray();
    }

    [Fact]
    public void Ims_test2_real_file_degrades_bearing_1_from_february_16()
    {
        var path = TestData.Require(ImsTest2Converter.RelativePath);
        var fleet = ImsTest2Converter.Convert(path);
        Assert.Equal(4, fleet.Devices.Count);
        var b1 = fleet.Devices[0];
        Assert.Equal("bearing-1", b1.Device);
        int onset = Array.IndexOf(b1.Labels, (byte)1);
        Assert.Equal(new DateTime(2004, 2, 16, 3, 22, 39), new DateTime(b1.Timestamps[onset]));
        foreach (var d in fleet.Devices)
        {
            int first = Array.IndexOf(d.Labels, (byte)1);
            if (first >= 0) Assert.DoesNotContain(d.Labels.Skip(first), l => l == 0);
            Assert.True(first < 0 || new DateTime(d.Timestamps[first]) > ImsTest2Converter.TrainingEnd, $"{d.Device} degrades after training");
        }
    }

    [Fact]
    public async Task Generate_variant_writes_a_fleet_and_rejects_bad_input_with_exit_2()
    {
        var dir = TestData.TempDirectory();
        var outDir = Path.Combine(dir, "machines");
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, await CliCommands.RunAsync(["generate", "--variant", "machine-temperature", "--seed", "4", "--out", outDir], ct));
        Assert.True(File.Exists(Path.Combine(outDir, "README.md")));
        Assert.NotEmpty(Directory.GetFiles(outDir, "*.csv", SearchOption.AllDirectories));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "machine-temperature", "--out", outDir], ct));
        Assert.Equal(0, await CliCommands.RunAsync(["generate", "--variant", "machine-temperature", "--out", outDir, "--overwrite"], ct));

        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "bogus", "--out", dir], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "motes"], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "motes", "--out", Path.Combine(dir, "m"), "--seed", "x"], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "motes", "--out", Path.Combine(dir, "m"), "--datasets", dir], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "motes", "--out", Path.Combine(dir, "m"), "--rows", "10"], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "ims-test2", "--out", Path.Combine(dir, "i"), "--datasets", Path.Combine(dir, "nothing")], ct));
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "ims-test2", "--out", Path.Combine(dir, "i"), "--seed", "3"], ct));
        // A non-empty folder that is not a generated fleet is never overwritten.
        var foreign = Path.Combine(dir, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--variant", "machine-temperature", "--out", foreign, "--overwrite"], ct));
        Assert.True(File.Exists(Path.Combine(foreign, "notes.txt")));
    }
}
