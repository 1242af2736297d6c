using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class HierarchicalAggregationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Facility_level_fedavg_then_top_level_fedavg_equals_flat_fedavg_over_all_devices()
    {
        const int parameters = 64;
        var random = new Random(3);
        var global = Enumerable.Range(0, parameters).Select(_ => (float)random.NextDouble()).ToArray();
        var facilities = Enumerable.Range(0, 3).Select(f => Enumerable.Range(0, 2 + f).Select(d => new ClientUpdate(
            $"f{f}-d{d}", Enumerable.Range(0, parameters).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), random.Next(1, 500))).ToList()).ToList();
        var fedavg = AggregationStrategies.Create(new StrategyOptions("fedavg"), parameters);

        var flat = fedavg.Aggregate(global, facilities.SelectMany(f => f).ToList());
        var facilityUpdates = facilities.Select((devices, i) => new ClientUpdate($"f{i}", fedavg.Aggregate(global, devices), devices.Sum(d => d.SampleCount))).ToList();
        var hierarchical = fedavg.Aggregate(global, facilityUpdates);

        for (int i = 0; i < parameters; i++)
            Assert.True(Math.Abs(flat[i] - hierarchical[i]) <= 1e-5f * (1 + Math.Abs(flat[i])), $"parameter {i}: flat {flat[i]} vs hierarchical {hierarchical[i]}");
    }

    [Fact]
    public async Task A_facility_folds_its_devices_updates_into_one_sample_weighted_fedavg_update()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 1);
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var rows = (await plant.LoadAsync("facility-01", Ct))!.TrainRows;
        int features = plant.Features.Count, half = rows.Length / features / 3;
        // Two devices of a facility that has no data of its own: 1/3 and 2/3 of the rows.
        for (int d = 0; d < 2; d++)
        {
            int from = d == 0 ? 0 : half, to = d == 0 ? half : rows.Length / features;
            var readings = Enumerable.Range(from, to - from)
                .Select(r => new TelemetryReading(r, DateTimeOffset.UnixEpoch.AddSeconds(r), rows.AsSpan(r * features, features).ToArray())).ToArray();
            await cluster.Client.GetGrain<IDeviceGrain>($"dev-{d}").IngestAsync(new TelemetryBatch($"dev-{d}", "edge-site", plant.Features, readings));
        }
        var facility = cluster.Client.GetGrain<IFacilityGrain>("edge-site");
        for (int i = 0; i < 200 && (await facility.GetDevicesAsync()).Count < 2; i++) await Task.Delay(20, Ct);

        var definition = FederationTestCluster.Definition("edge", ["edge-site"], quorum: 1);
        var statistics = new NormalizationStatistics(features);
        statistics.Observe(rows, []);
        var instruction = new RoundInstruction("edge", 1, 0, definition.Spec, Autoencoder.Create(definition.Spec, 5).Parameters,
            statistics.ToNormalization(), definition.Training, 1);

        var update = await facility.TrainAsync(instruction, Ct);
        var a = await cluster.Client.GetGrain<IDeviceGrain>("dev-0").TrainAsync(instruction);
        var b = await cluster.Client.GetGrain<IDeviceGrain>("dev-1").TrainAsync(instruction);
        var expected = AggregationStrategies.Create(new StrategyOptions("fedavg"), instruction.GlobalParameters.Length)
            .Aggregate(instruction.GlobalParameters, [new ClientUpdate("dev-0", a.Parameters, a.SampleCount), new ClientUpdate("dev-1", b.Parameters, b.SampleCount)]);

        Assert.Equal((2, 0), (update.Contributors, update.FailedContributors));
        Assert.Equal(a.SampleCount + b.SampleCount, update.SampleCount);
        Assert.True(b.SampleCount > a.SampleCount);
        Assert.Equal(expected, update.Parameters);

        // The facility's calibration is the merge of its devices' calibration histograms, counted once, with one conformal threshold over them.
        var calibrate = new ScoreSummaryInstruction("edge", 1, definition.Spec, update.Parameters, instruction.Normalization, ScoreHistogram.Create(), 1);
        var scores = await facility.SummarizeScoresAsync(calibrate, Ct);
        var ownA = await cluster.Client.GetGrain<IDeviceGrain>("dev-0").SummarizeScoresAsync(calibrate);
        var ownB = await cluster.Client.GetGrain<IDeviceGrain>("dev-1").SummarizeScoresAsync(calibrate);
        Assert.True(ownA.Windows > 0 && ownB.Windows > 0);
        Assert.Equal(ownA.Windows + ownB.Windows, scores.Windows);
        Assert.Equal(scores.Windows, scores.Histogram.Total);
        Assert.True(float.IsFinite(scores.Threshold) && scores.Threshold >= Math.Min(ownA.Threshold, ownB.Threshold));
    }

    [Fact]
    public async Task A_facility_with_calibration_rows_of_its_own_is_not_calibrated_by_its_devices_unverified_buffers()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 1);
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var rows = (await plant.LoadAsync("facility-01", Ct))!.TrainRows;
        int features = plant.Features.Count, count = rows.Length / features;
        // A device of facility-01 that streams its facility's rows and went faulty lately (every other recent reading far off): the
        // latest part of its buffer, where a device calibrates, is not normal data.
        var readings = Enumerable.Range(0, count).Select(r => new TelemetryReading(r, DateTimeOffset.UnixEpoch.AddSeconds(r),
            rows.AsSpan(r * features, features).ToArray().Select(v => r < count * 7 / 10 || r % 2 == 0 ? v : v + 1e4f).ToArray())).ToArray();
        await cluster.Client.GetGrain<IDeviceGrain>("dev-faulty").IngestAsync(new TelemetryBatch("dev-faulty", "facility-01", plant.Features, readings));
        var facility = cluster.Client.GetGrain<IFacilityGrain>("facility-01");
        for (int i = 0; i < 200 && (await facility.GetDevicesAsync()).Count < 1; i++) await Task.Delay(20, Ct);
        Assert.Single(await facility.GetDevicesAsync());

        var definition = FederationTestCluster.Definition("plant", ["facility-01"], quorum: 1);
        var statistics = new NormalizationStatistics(features);
        statistics.Observe(rows, []);
        var calibrate = new ScoreSummaryInstruction("plant", 1, definition.Spec, Autoencoder.Create(definition.Spec, 5).Parameters,
            statistics.ToNormalization(), ScoreHistogram.Create(), 1);
        var device = await cluster.Client.GetGrain<IDeviceGrain>("dev-faulty").SummarizeScoresAsync(calibrate);
        var scores = await facility.SummarizeScoresAsync(calibrate, Ct);

        var own = ParticipantWindows.Create((await plant.LoadAsync("facility-01", Ct))!, definition.Spec, 1, DetectionSettings.Default.CalibrationFraction);

        // The facility calibrates on its own calibration windows alone, below the faulty device's threshold.
        Assert.True(own.Calibration.Count > 0 && device.Windows > 0);
        Assert.Equal(own.Calibration.Count, scores.Windows);
        Assert.True(device.Threshold > scores.Threshold, $"facility threshold {scores.Threshold}, the faulty device's {device.Threshold}");
        Assert.Equal(scores.Windows, scores.Histogram.Total);
    }
}
