using FedAspire.Core.Data.Partitioning;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class RealDataTests
{
    private static readonly Lazy<SkabDataset> Skab = new(() => SkabDataset.Load(TestData.DatasetsRoot));

    [Fact]
    public void Skab_loads_three_facilities_with_the_benchmark_split()
    {
        TestData.Require("skab/valve1");
        var skab = Skab.Value;

        Assert.Equal(["valve1", "valve2", "other"], skab.Facilities.Select(f => f.Name));
        Assert.Equal([16, 4, 14], skab.Facilities.Select(f => f.Experiments.Count));
        Assert.Equal(18_160 + 4_312 + 14_929, skab.Facilities.Sum(f => f.Experiments.Sum(e => e.Table.RowCount)));
        var valve1 = skab.Facility("valve1");
        Assert.All(valve1.Experiments, e => Assert.Equal(SkabDataset.TrainLength, e.TrainRows.Length));
        Assert.All(valve1.Experiments, e => Assert.Equal(e.Table.RowCount - SkabDataset.TrainLength, e.TestRows.Length));
        Assert.All(skab.Facilities.SelectMany(f => f.Experiments), e => Assert.DoesNotContain(e.TrainRows, r => e.Table.IsAnomalous(r)));
        Assert.Equal(13_067, skab.Facilities.SelectMany(f => f.Experiments).Sum(e => e.Table.LabelCounts()[1]));
    }

    [Fact]
    public void Skab_known_defects_are_detected_and_handled()
    {
        TestData.Require("skab/other/2.csv");
        var skab = Skab.Value;
        var other = skab.Facility("other");
        var e2 = other.Experiments.Single(e => e.Name == "other/2");
        var e3 = other.Experiments.Single(e => e.Name == "other/3");
        var e4 = other.Experiments.Single(e => e.Name == "other/4");

        // other/2 is anomalous from row 104: it trains on rows 0..103 only; its test part is unchanged.
        Assert.Equal(Enumerable.Range(0, 104), e2.TrainRows);
        Assert.Equal(SkabDataset.TrainLength, e2.TestRows[0]);
        // other/3's last 228 rows are other/4's first 228: they leave other/4's training part, tests stay as published.
        Assert.Equal(Enumerable.Range(228, 172), e4.TrainRows);
        Assert.Equal(e3.Table.RowCount - SkabDataset.TrainLength, e3.TestRows.Length);
        Assert.Contains(skab.Defects, d => d.Contains("share 228 identical rows (labels conflict on 57)", StringComparison.Ordinal));
        // The anomaly-free file loses the 572 rows it shares with other/5.
        Assert.Equal(9_405 - 572, skab.AnomalyFree.RowCount);
        Assert.Contains(skab.Defects, d => d.Contains("572 rows are identical to rows of other/5", StringComparison.Ordinal));
        var other5 = other.Experiments.Single(e => e.Name == "other/5").Table;
        Assert.True(skab.AnomalyFree.Timestamps[^1] < other5.Timestamps[0]);
        // Not in the dataset README but found the same way: other/2|3 (120 rows), other/10|11 (21), other/12|13 (349, 178 conflicting).
        Assert.Contains(skab.Defects, d => d.Contains("other/12 and other/13 share 349 identical rows (labels conflict on 178)", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(349, SkabDataset.TrainLength - 349), other.Experiments.Single(e => e.Name == "other/13").TrainRows);
        Assert.Equal(6, skab.Defects.Count);
    }

    [Fact]
    public void Skab_facilities_partition_into_time_ordered_clients()
    {
        TestData.Require("skab/valve1");
        var train = Skab.Value.Facility("valve1").Train;
        var result = Partitioner.Partition(train, new PartitionOptions { Strategy = PartitionStrategy.Temporal, Clients = 4 });

        Assert.Equal(train.RowCount, result.Clients.Sum(c => c.Table.RowCount));
        Assert.All(result.Clients, c => Assert.True(c.Table.IsTimeOrdered()));
        Assert.Equal(SkabReader.Sensors, result.FeatureMap.Features);
    }

    [Fact]
    public void Ims_merged_tests_and_the_raw_snapshot_file_read()
    {
        var t1 = ImsBearingReader.Read(TestData.Require("ims-bearing/merged_dataset_BearingTest_1.csv"));
        Assert.Equal(2_156, t1.RowCount);
        Assert.Equal(8, t1.SensorCount);
        Assert.Equal("Bearing 1 C1", t1.SensorNames[0]);
        Assert.Equal(new DateTime(2003, 10, 22, 12, 6, 24).Ticks, t1.Timestamps[0]);
        Assert.Null(t1.Labels);

        var raw = ImsBearingReader.Read(TestData.Require("ims-bearing/bearing_merged_2.csv"));
        Assert.Equal(40_960, raw.RowCount);
        Assert.Equal(["B1_a", "B1_b", "B2_a", "B2_b", "B3_a", "B3_b", "B4_a", "B4_b"], raw.SensorNames);
        Assert.Equal(ImsBearingReader.RawSampleInterval.Ticks, raw.Timestamps[1] - raw.Timestamps[0]);
    }

    [Fact]
    public void Ims_test_2_derived_labels_mark_degradation_days_before_the_failure()
    {
        var t2 = ImsBearingReader.Read(TestData.Require("ims-bearing/merged_dataset_BearingTest_2.csv"));
        Assert.Equal(984, t2.RowCount);
        var labelled = ImsBearingReader.WithDerivedDegradationLabels(t2, "Bearing 1", new DateTime(2004, 2, 13, 23, 52, 39));

        int onset = Array.IndexOf(labelled.Labels!, 1);
        var when = new DateTime(labelled.Timestamps[onset]);
        Assert.InRange(when, new DateTime(2004, 2, 15), new DateTime(2004, 2, 18));
        Assert.Equal("derived_degradation", labelled.LabelScheme!.ColumnName);
        Assert.All(labelled.Labels!.Skip(onset), l => Assert.Equal(1, l));

        var result = Partitioner.Partition(labelled, new PartitionOptions { Strategy = PartitionStrategy.Iid, Clients = 3, BlockLength = 12 });
        Assert.Equal(984, result.Clients.Sum(c => c.Table.RowCount));
    }
}
