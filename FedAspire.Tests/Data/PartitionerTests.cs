using FedAspire.Core.Data;
using FedAspire.Core.Data.Heterogeneity;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Core.Data.Synthetic;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class PartitionerTests
{
    private static readonly SensorTable Plant = SyntheticPumpPlant.Generate(new SyntheticPlantOptions
    {
        Rows = 6_000, Seed = 11, MeanDaysBetweenFailures = 1, MeanRecoveryHours = 4, MeanPreFailureHours = 6,
    });

    public static TheoryData<PartitionStrategy> Strategies => new(Enum.GetValues<PartitionStrategy>());

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_row_lands_in_exactly_one_client_in_time_order(PartitionStrategy strategy)
    {
        var result = Partitioner.Partition(Plant, new PartitionOptions { Strategy = strategy, Clients = 5, Alpha = 0.3, Seed = 5 });

        var seen = new int[Plant.RowCount];
        foreach (var c in result.Clients)
        {
            Assert.True(c.Table.RowCount > 0, $"{c.Name} is empty");
            Assert.Equal(c.SourceRows.Length, c.Table.RowCount);
            for (int i = 0; i < c.SourceRows.Length; i++)
            {
                seen[c.SourceRows[i]]++;
                if (i > 0) Assert.True(c.SourceRows[i] > c.SourceRows[i - 1], $"{c.Name} rows out of order at {i}");
                Assert.Equal(Plant.Timestamps[c.SourceRows[i]], c.Table.Timestamps[i]);
            }
            Assert.True(c.Table.IsTimeOrdered());
        }
        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.Equal(Plant.RowCount, result.Metadata.AssignedRows);
        Assert.Equal(0, result.Metadata.UnassignedRows);
        Assert.Equal(0, result.Metadata.DuplicatedRows);
    }

    [Fact]
    public void Temporal_clients_do_not_overlap_in_time_and_follow_the_quantity_fractions()
    {
        double[] q = [0.05, 0.35, 0.15, 0.30, 0.15];
        var result = Partitioner.Partition(Plant, new PartitionOptions { Strategy = PartitionStrategy.Temporal, QuantityFractions = q });

        for (int i = 1; i < result.Clients.Count; i++)
            Assert.True(result.Clients[i].Table.Timestamps[0] > result.Clients[i - 1].Table.Timestamps[^1]);
        for (int i = 0; i < q.Length; i++) Assert.Equal(q[i] * Plant.RowCount, result.Clients[i].Table.RowCount, 1.0);
    }

    [Fact]
    public void Iid_sizes_follow_explicit_fractions_without_duplicating_rows()
    {
        double[] q = [0.05, 0.35, 0.15, 0.30, 0.15];
        var result = Partitioner.Partition(Plant, new PartitionOptions { Strategy = PartitionStrategy.Iid, QuantityFractions = q, BlockLength = 10 });

        for (int i = 0; i < q.Length; i++)
            Assert.True(Math.Abs(result.Clients[i].Table.RowCount - q[i] * Plant.RowCount) <= 20, $"client {i}: {result.Clients[i].Table.RowCount}");
        Assert.Equal(Plant.RowCount, result.Clients.Sum(c => c.Table.RowCount));
    }

    [Fact]
    public void Hybrid_sizes_meet_the_quantity_shares_within_a_block()
    {
        double[] q = [0.05, 0.35, 0.15, 0.30, 0.15];
        var result = Partitioner.Partition(Plant, new PartitionOptions { Strategy = PartitionStrategy.Hybrid, QuantityFractions = q, Alpha = 0.3, BlockLength = 30 });

        for (int i = 0; i < q.Length; i++)
            Assert.True(Math.Abs(result.Clients[i].Table.RowCount - q[i] * Plant.RowCount) <= 2 * 30, $"client {i}: {result.Clients[i].Table.RowCount} rows for a {q[i]:P0} share");
        Assert.Equal(Plant.RowCount, result.Clients.Sum(c => c.Table.RowCount));
    }

    [Fact]
    public void Dirichlet_label_skew_grows_as_alpha_falls()
    {
        double MeanJs(double alpha)
        {
            double total = 0;
            for (int seed = 0; seed < 4; seed++)
            {
                var r = Partitioner.Partition(Plant, new PartitionOptions { Strategy = PartitionStrategy.Dirichlet, Alpha = alpha, Seed = seed, BlockLength = 20 });
                var report = HeterogeneityAnalyzer.Analyze(r.Clients.Select(c => c.Name).ToArray(), r.Clients.Select(c => c.Table).ToArray());
                double s = 0;
                int n = 0;
                for (int i = 0; i < 5; i++) for (int j = i + 1; j < 5; j++) { s += report.LabelJensenShannon[i][j]; n++; }
                total += s / n;
            }
            return total / 4;
        }
        double extreme = MeanJs(0.1), moderate = MeanJs(1), nearIid = MeanJs(10);

        Assert.True(extreme > moderate && moderate > nearIid, $"JS at alpha 0.1/1/10: {extreme:F3}/{moderate:F3}/{nearIid:F3}");
        Assert.True(nearIid < 0.05, $"alpha 10 should be near IID, JS {nearIid:F3}");
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files_and_another_seed_does_not()
    {
        var options = Realistic(seed: 9);
        string Write(PartitionOptions o)
        {
            var dir = TestData.TempDirectory();
            PartitionFiles.Write(Partitioner.Partition(Plant, o, "plant"), dir);
            return dir;
        }
        var a = Write(options);
        var b = Write(options);
        var c = Write(options with { Seed = 10 });

        foreach (var file in Directory.GetFiles(a).Select(Path.GetFileName))
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file!)), File.ReadAllBytes(Path.Combine(b, file!)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "client_1.csv")), File.ReadAllBytes(Path.Combine(c, "client_1.csv")));
    }

    [Fact]
    public void Sensor_subsets_keep_names_and_order_and_map_into_one_feature_list()
    {
        var result = Partitioner.Partition(Plant, Realistic(seed: 3));

        int[] expected = [52, 47, 36, 26, 21];
        for (int i = 0; i < 5; i++)
        {
            var names = result.Clients[i].Table.SensorNames;
            Assert.Equal(expected[i], names.Count);
            var positions = names.Select(n => Plant.IndexOf(n)).ToArray();
            Assert.All(positions, p => Assert.True(p >= 0));
            Assert.Equal(positions.Order(), positions);
            Assert.Equal(names.Count, result.Metadata.Clients[i].PresenceMask.Sum());
        }
        Assert.Equal(Plant.SensorNames, result.FeatureMap.Features);

        var client = result.Clients[4].Table;
        var values = new float[client.RowCount * 52];
        var mask = new float[client.RowCount * 52];
        result.FeatureMap.Project(client, values, mask);
        int s = Plant.IndexOf(client.SensorNames[0]);
        int absent = Enumerable.Range(0, 52).First(f => client.IndexOf(Plant.SensorNames[f]) < 0);
        for (int r = 0; r < client.RowCount; r++)
        {
            Assert.Equal(0f, mask[r * 52 + absent]);
            float v = client.Column(0)[r];
            Assert.Equal(float.IsNaN(v) ? 0f : 1f, mask[r * 52 + s]);
            if (!float.IsNaN(v)) Assert.Equal(v, values[r * 52 + s]);
        }
    }

    [Fact]
    public void Delay_shifts_values_along_the_client_time_order_and_is_reported()
    {
        var options = new PartitionOptions
        {
            Strategy = PartitionStrategy.Temporal, Clients = 2,
            Degradations = [ClientDegradation.None, new ClientDegradation(DelaySteps: 3, DelayedSensorFraction: 0.25)],
        };
        var result = Partitioner.Partition(Plant, options);
        var client = result.Clients[1];
        var report = result.Metadata.Clients[1].Degradations;

        Assert.Equal(3, report.DelaySteps);
        Assert.Equal(13, report.DelayedSensors.Count);
        var sensor = report.DelayedSensors.First(n => n != "sensor_15" && n != "sensor_50");
        var original = Plant.Column(sensor);
        var delayed = client.Table.Column(sensor);
        for (int i = 0; i < 3; i++) Assert.True(float.IsNaN(delayed[i]));
        for (int i = 3; i < 200; i++)
        {
            float expected = original[client.SourceRows[i - 3]];
            Assert.True(expected.Equals(delayed[i]), $"row {i}: {delayed[i]} vs {expected}");
        }
        var untouched = client.Table.SensorNames.First(n => !report.DelayedSensors.Contains(n) && n != "sensor_15");
        Assert.Equal(Plant.Column(untouched)[client.SourceRows[10]], client.Table.Column(untouched)[10]);
    }

    [Fact]
    public void Bias_noise_and_dropout_are_applied_and_recorded()
    {
        var options = new PartitionOptions
        {
            Strategy = PartitionStrategy.Temporal, Clients = 2,
            Degradations = [ClientDegradation.None, new ClientDegradation(CalibrationBias: 0.1, NoiseFraction: 0.1, DropoutRate: 0.05)],
        };
        var result = Partitioner.Partition(Plant, options);
        var meta = result.Metadata.Clients[1];

        Assert.All(meta.Degradations.CalibrationBiasBySensor.Values, b => Assert.InRange(Math.Abs(b), 0.05, 0.1));
        Assert.Equal(52, meta.Degradations.NoiseStdBySensor.Count);
        Assert.True(meta.Degradations.DroppedValues > 0);
        Assert.True(meta.MissingRate > result.Metadata.Clients[0].MissingRate + 0.03);
        double bias = meta.Degradations.CalibrationBiasBySensor["sensor_04"];
        var c = result.Clients[1];
        double ratio = Enumerable.Range(0, c.Table.RowCount).Where(r => !float.IsNaN(c.Table.Column("sensor_04")[r]))
            .Average(r => (double)c.Table.Column("sensor_04")[r]) / c.SourceRows.Average(r => (double)Plant.Column("sensor_04")[r]);
        Assert.Equal(1 + bias, ratio, 1);
    }

    [Fact]
    public void Bad_options_fail_with_what_is_wrong()
    {
        Assert.Contains("quantity fractions", Assert.Throws<ArgumentException>(() =>
            Partitioner.Partition(Plant, new PartitionOptions { QuantityFractions = [0.5, 0.5] })).Message, StringComparison.Ordinal);
        Assert.Contains("Clustering", Assert.Throws<ArgumentException>(() =>
            Partitioner.Partition(Plant, new PartitionOptions { Strategy = PartitionStrategy.Clustering, QuantityFractions = [1, 1, 1, 1, 1] })).Message, StringComparison.Ordinal);
        Assert.Contains("Alpha", Assert.Throws<ArgumentException>(() =>
            Partitioner.Partition(Plant, new PartitionOptions { Alpha = 0 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partition_files_read_back_with_the_same_rows_and_labels()
    {
        var result = Partitioner.Partition(Plant, Realistic(seed: 2), "plant");
        var dir = TestData.TempDirectory();
        PartitionFiles.Write(result, dir);
        var (meta, tables) = PartitionFiles.Read(dir);

        Assert.Equal(result.Metadata.Clients.Select(c => c.Samples), tables.Select(t => t.RowCount));
        Assert.Equal(2, meta.Seed);
        Assert.Equal("hybrid", meta.Strategy);
        for (int i = 0; i < tables.Count; i++)
        {
            Assert.Equal(result.Clients[i].Table.SensorNames, tables[i].SensorNames);
            Assert.Equal(result.Clients[i].Table.Labels!, tables[i].Labels!);
            Assert.Equal(result.Clients[i].Table.Column(0), tables[i].Column(0));
        }
    }

    private static PartitionOptions Realistic(int seed) => new()
    {
        Strategy = PartitionStrategy.Hybrid,
        QuantityFractions = [0.05, 0.35, 0.15, 0.30, 0.15],
        Seed = seed,
        Degradations =
        [
            ClientDegradation.None,
            new(0.9, 0.05, 0.05, 0.01),
            new(0.7, 0.1, 0.1, 0.02, 2),
            new(0.5, 0.07, 0.05, 0.05),
            new(0.4, 0.1, 0.2, 0.03, 5),
        ],
    };
}
