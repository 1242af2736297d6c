using System.Security.Cryptography;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class SyntheticPlantTests
{
    private static readonly SyntheticPlantOptions Options = new() { Rows = 8_000, Seed = 5, MeanDaysBetweenFailures = 1.5, MeanRecoveryHours = 6, MeanPreFailureHours = 10 };

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_does_not()
    {
        static string Csv(SyntheticPlantOptions o)
        {
            var w = new StringWriter();
            SensorTableCsvWriter.Write(SyntheticPumpPlant.Generate(o), w, 5);
            return w.ToString();
        }
        Assert.Equal(Csv(Options), Csv(Options));
        Assert.NotEqual(Csv(Options), Csv(Options with { Seed = 6 }));
    }

    [Fact]
    public void The_plant_has_the_kaggle_schema_failure_episodes_and_missing_data()
    {
        var t = SyntheticPumpPlant.Generate(Options);
        var counts = t.LabelCounts();

        Assert.Equal(52, t.SensorCount);
        Assert.Equal("sensor_51", t.SensorNames[51]);
        Assert.Equal(LabelScheme(), t.LabelScheme!.Names);
        Assert.InRange(counts[2], 2, 12);
        Assert.True(counts[1] > 100, $"RECOVERING rows {counts[1]}");
        Assert.True(counts[0] > counts[1]);
        Assert.All(t.Column("sensor_15"), v => Assert.True(float.IsNaN(v)));
        Assert.True(t.MissingRate() > 0.02);
        Assert.True(t.IsTimeOrdered());
        // Every BROKEN row is followed by RECOVERING.
        for (int r = 0; r + 1 < t.RowCount; r++)
            if (t.Labels![r] == 2) Assert.Contains(t.Labels[r + 1], new[] { 1, 2 });
    }

    [Fact]
    public void Sensors_are_physically_correlated_and_vibration_rises_before_failures()
    {
        // Healthy operation (default failure rate: none in 4,000 minutes with this seed).
        var healthy = SyntheticPumpPlant.Generate(new SyntheticPlantOptions { Rows = 4_000, Seed = 5 });
        Assert.DoesNotContain(healthy.Labels!, l => l != 0);
        var all = Enumerable.Range(0, healthy.RowCount).ToArray();
        Assert.True(Correlation(healthy.Column("sensor_04"), healthy.Column("sensor_05"), all) > 0.9, "speed vs flow");
        Assert.True(Correlation(healthy.Column("sensor_05"), healthy.Column("sensor_00"), all) > 0.8, "flow vs current");
        Assert.True(Correlation(healthy.Column("sensor_04"), healthy.Column("sensor_26"), all) > 0.8, "speed vs vibration");
        Assert.True(Correlation(healthy.Column("sensor_00"), healthy.Column("sensor_16"), all) > 0.5, "current vs winding temperature");

        var t = SyntheticPumpPlant.Generate(Options);
        var normal = Enumerable.Range(0, t.RowCount).Where(r => t.Labels![r] == 0).ToArray();

        int failure = Array.IndexOf(t.Labels!, 2);
        Assert.True(failure > 120, "the first failure comes after some normal operation");
        var vib = t.Column("sensor_26");
        var speed = t.Column("sensor_04");
        // Vibration per unit of squared speed in the hour before the failure vs the whole normal period.
        double Ratio(IEnumerable<int> rows) => rows.Where(r => speed[r] > 700 && !float.IsNaN(vib[r]) && !float.IsNaN(speed[r])).Average(r => vib[r] / Math.Pow(speed[r] / 1480.0, 2));
        Assert.True(Ratio(Enumerable.Range(failure - 60, 60)) > 1.5 * Ratio(normal), "pre-failure vibration drift");
    }

    [Fact]
    public void The_committed_sample_regenerates_byte_for_byte()
    {
        var sample = Path.Combine(TestData.RepositoryRoot, "data", "pump-plant-sample.csv");
        if (!File.Exists(sample)) Assert.Skip($"{sample} is absent.");
        // The command in data/README.md: generate --rows 10080 --seed 7 --failure-days 2 --recovery-hours 8 --prefailure-hours 12 --digits 5
        var table = SyntheticPumpPlant.Generate(new SyntheticPlantOptions { Rows = 10_080, Seed = 7, MeanDaysBetweenFailures = 2, MeanRecoveryHours = 8, MeanPreFailureHours = 12 });
        using var memory = new MemoryStream();
        using (var writer = new StreamWriter(memory, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true)) SensorTableCsvWriter.Write(table, writer, 5);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sample))), Convert.ToHexStringLower(SHA256.HashData(memory.ToArray())));
        Assert.Equal(10_080, PumpSensorReader.Read(sample).RowCount);
    }

    private static string[] LabelScheme() => ["NORMAL", "RECOVERING", "BROKEN"];

    private static double Correlation(float[] x, float[] y, int[] rows)
    {
        var pairs = rows.Where(r => !float.IsNaN(x[r]) && !float.IsNaN(y[r])).Select(r => ((double)x[r], (double)y[r])).ToArray();
        double mx = pairs.Average(p => p.Item1), my = pairs.Average(p => p.Item2);
        double sxy = pairs.Sum(p => (p.Item1 - mx) * (p.Item2 - my));
        double sxx = pairs.Sum(p => (p.Item1 - mx) * (p.Item1 - mx)), syy = pairs.Sum(p => (p.Item2 - my) * (p.Item2 - my));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
