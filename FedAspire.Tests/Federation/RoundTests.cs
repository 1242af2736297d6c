using FedAspire.Aggregator.Apis;
using FedAspire.Core.Federation;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Training;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class RoundTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rounds_complete_and_publish_versions_with_onnx_threshold_and_federated_evaluation()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), central: new HeldOutCentralEvaluation(SyntheticFacilities.ServerPartition(seed: 3, rows: 60)));
        var aggregator = cluster.Aggregator("pumps");
        await aggregator.ConfigureAsync(FederationTestCluster.Definition("pumps", plant.FacilityIds, quorum: 2));

        var first = await aggregator.RunRoundAsync();
        var second = await aggregator.RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, first.Outcome);
        Assert.Null(first.FailureReason);
        Assert.Equal(1, first.Version);
        Assert.Equal(plant.FacilityIds, first.Contributions.Select(c => c.ParticipantId));
        Assert.Empty(first.Rejections);
        Assert.Equal(3 * 89, first.Samples); // 120 training rows, of which the latest 30 calibrate: 90 rows, window 2, stride 1 per facility
        Assert.True(first.Threshold > 0);
        Assert.True(double.IsFinite(first.TrainingLoss));
        Assert.Equal(3, first.Evaluation!.Participants);
        Assert.Equal(3 * 59, first.Evaluation.Samples);
        Assert.NotNull(first.Evaluation.Metrics);
        Assert.Equal(59, first.CentralEvaluation!.Samples);
        Assert.NotNull(first.CentralEvaluation.Metrics);
        Assert.Equal((1L, 2L), (second.BaseVersion, second.Version));

        var latest = await cluster.Registry.GetLatestAsync("pumps", Ct);
        Assert.Equal(2, latest!.Version);
        Assert.NotEmpty(latest.Onnx);
        Assert.Equal(second.Threshold, latest.Threshold);
        Assert.Equal(second.CentralEvaluation!.Loss, latest.CentralEvaluation!.Loss);
        Assert.Equal(2, (await cluster.Registry.ListRoundsAsync("pumps", Ct)).Count);
        var status = await aggregator.GetStatusAsync();
        Assert.Equal((2L, 2L, 2L, 6L), (status.Round, status.Version, status.RoundsCompleted, status.UpdatesAccepted));

        var model = Assert.IsType<Ok<GlobalModelDocument>>((await FederationApi.GetModelAsync("pumps", cluster.Registry, Ct)).Result);
        Assert.Equal(latest.Parameters, model.Value!.Parameters);
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var onnx = Assert.IsType<FileContentHttpResult>((await FederationApi.GetOnnxAsync("pumps", cluster.Registry, http.Request, http.Response, Ct)).Result);
        Assert.Equal(latest.Onnx, onnx.FileContents.ToArray());
        Assert.IsType<Ok<FederationStatus>>((await FederationApi.GetStatusAsync("pumps", cluster.Client)).Result);
        Assert.IsType<NotFound>((await FederationApi.GetStatusAsync("nobody", cluster.Client)).Result);
        Assert.IsType<NotFound>((await FederationApi.GetModelAsync("nobody", cluster.Registry, Ct)).Result);

        // Edge inference: a device scores its latest windows with the published ONNX model, as the in-process model does.
        var rows = (await plant.LoadAsync("facility-01", Ct))!.HeldOutRows;
        int f = plant.Features.Count;
        var device = cluster.Client.GetGrain<IDeviceGrain>("pump-1");
        await device.IngestAsync(new TelemetryBatch("pump-1", "facility-01", plant.Features,
            Enumerable.Range(0, 20).Select(r => new TelemetryReading(r, DateTimeOffset.UnixEpoch.AddSeconds(r), rows.AsSpan(r * f, f).ToArray())).ToArray()));
        var definition = FederationTestCluster.Definition("pumps", plant.FacilityIds, quorum: 2);
        var scores = await device.ScoreRecentAsync(
            new EvaluationInstruction("pumps", latest.Round, latest.Version, latest.Spec, latest.Onnx, latest.Threshold, 1, definition.Detection), windows: 5);
        var windows = LocalWindows.Create(rows.AsSpan(0, 20 * f), plant.Features, definition.Spec, 1).TakeLast(5);
        var expected = LocalRound.Score(windows, latest.Spec, latest.Parameters, latest.Normalization);

        Assert.Equal(5, scores.Scores.Length);
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], scores.Scores[i], 1e-4f * (1 + expected[i]));
        Assert.Equal(expected.Count(x => x > latest.Threshold), scores.Anomalies);
    }

    [Fact]
    public async Task The_grain_timer_runs_rounds_until_stopped()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var aggregator = cluster.Aggregator("timed");
        var definition = FederationTestCluster.Definition("timed", plant.FacilityIds, quorum: 2);
        await aggregator.ConfigureAsync(definition with { Schedule = definition.Schedule with { Interval = TimeSpan.FromMilliseconds(300) } });

        await aggregator.StartAsync();
        var status = await aggregator.GetStatusAsync();
        for (int i = 0; i < 600 && status.RoundsCompleted < 2; i++)
        {
            await Task.Delay(100, Ct);
            status = await aggregator.GetStatusAsync();
        }
        await aggregator.StopAsync();
        var stopped = await aggregator.GetStatusAsync();

        Assert.True(status.RoundsCompleted >= 2, $"only {status.RoundsCompleted} timed rounds completed");
        Assert.True(stopped.Running is false);
        Assert.Equal(stopped.Round, (await cluster.Registry.ListRoundsAsync("timed", Ct)).Count);
    }
}
