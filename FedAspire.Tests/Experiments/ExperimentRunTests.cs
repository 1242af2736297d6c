using System.Text.Json;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Lab.Commands;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>The experiment runner end to end through the embedded federation: outputs, determinism, SKAB, scale.</summary>
[Trait("Area", "Federation")]
public sealed class ExperimentRunTests
{
    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    /// <summary>A tiny pump scenario: 3 IID facilities, 2 rounds, 2 strategies, every baseline, small model.</summary>
    internal static ExperimentScenario TinyPump() => new()
    {
        Name = "tiny-pump",
        Dataset = "pump-sample",
        Seed = 5,
        TrainFraction = 0.5,
        Partitions = [new ScenarioPartition { Name = "iid", Strategy = "iid", Clients = 3 }],
        Model = new ScenarioModel { Hidden = [8, 3, 8] },
        Training = new ScenarioTraining { Epochs = 1, BatchSize = 128, LearningRate = 3e-3f },
        Rounds = 2,
        Strategies = [new ScenarioStrategy { Name = "fedavg" }, new ScenarioStrategy { Name = "fedprox", Mu = 0.01f }],
        Baselines = ["centralized-ae", "pca", "zscore", "iforest"],
        PcaRank = 4,
    };

    [Fact]
    public async Task Tiny_pump_scenario_writes_every_output_and_is_deterministic()
    {
        using var temp = new TempDirectory();
        var scenario = TinyPump();
        ScenarioFile.Validate(scenario, "test");
        var (first, _, files) = await ExperimentCommand.RunAsync(scenario, Root, temp.Sub("a"), "test", _ => { }, TestContext.Current.CancellationToken);
        var (_, _, _) = await ExperimentCommand.RunAsync(scenario, Root, temp.Sub("b"), "test", _ => { }, TestContext.Current.CancellationToken);

        foreach (var f in new[] { "metrics.json", "timings.json", "rounds.csv", "clients.csv", "scores.csv", "report.md", "loss_per_round.png", "clients_iid.png" })
            Assert.True(File.Exists(Path.Combine(temp.Sub("a"), f)), $"{f} missing");
        Assert.Contains("errors_iid_fedavg.png", files);
        Assert.Equal(["iid/fedavg", "iid/fedprox-mu0.01", "iid/centralized-ae", "iid/pca", "iid/zscore", "iid/iforest"], first.Arms.Select(a => a.Name));
        var fedavg = first.Arms[0];
        Assert.Equal(2, fedavg.Rounds.Count);
        Assert.All(fedavg.Rounds, r => Assert.Equal("Completed", r.Outcome));
        Assert.All(fedavg.Rounds, r => Assert.Equal(3, r.Participants));
        Assert.All(fedavg.Rounds, r => Assert.InRange(r.PooledPrAuc, 0, 1)); // each round's model scored on the pooled held-out windows
        Assert.True(fedavg.Rounds[1].TrainingLoss < fedavg.Rounds[0].TrainingLoss, "federated loss should fall between rounds");
        Assert.Equal(3, fedavg.Clients.Count);
        Assert.All(first.Arms, a => Assert.InRange(a.Final.F1, 0, 1));
        Assert.True(fedavg.Final.Anomalous > 0, "the held-out part of the pump sample holds anomalies");
        // rounds.csv: header + 2 arms x 2 rounds + 2 centralized epoch-equivalents.
        Assert.Equal(1 + 4 + 2, File.ReadAllLines(Path.Combine(temp.Sub("a"), "rounds.csv")).Length);
        Assert.Contains("| iid/pca |", File.ReadAllText(Path.Combine(temp.Sub("a"), "report.md")), StringComparison.Ordinal);

        // Determinism: everything but timings (kept in timings.json) is identical for the same seed.
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Sub("a"), "metrics.json")), File.ReadAllText(Path.Combine(temp.Sub("b"), "metrics.json")));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Sub("a"), "metrics.json")));
        Assert.Equal(6, doc.RootElement.GetProperty("arms").GetArrayLength());

        // scores.csv: one row per held-out window per arm, every arm scoring the same windows of the same facilities.
        var scores = File.ReadAllLines(Path.Combine(temp.Sub("a"), "scores.csv"));
        Assert.Equal("arm,participant,window_end_time,score,threshold,label", scores[0]);
        Assert.Equal(1 + 6 * fedavg.Final.Windows, scores.Length);
        var rows = scores.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        Assert.All(rows, r => Assert.Contains(r[1], fedavg.Clients.Select(c => c.Id)));
        Assert.All(rows, r => Assert.True(r[5] is "0" or "1", $"pump facilities are labelled, got '{r[5]}'"));
        Assert.Equal(fedavg.Final.Anomalous, rows.Count(r => r[0] == "iid/fedavg" && r[5] == "1"));
        Assert.All(first.Arms, a => Assert.Equal(a.Clients.Sum(c => c.Metrics.Windows), a.Final.Windows));
    }

    [Fact]
    public async Task Skab_scenario_runs_one_round_when_the_dataset_exists()
    {
        var datasets = DatasetLocator.DatasetsRoot();
        if (SkabDataset.Locate(datasets) is null) Assert.Skip($"SKAB is not under {datasets} (../shared/datasets/skab); the SKAB scenario cannot run here.");
        var scenario = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "skab-facilities.json"));
        scenario = scenario with { Rounds = 1, Strategies = [scenario.Strategies[0]], Baselines = [] };
        using var temp = new TempDirectory();
        var (result, _, _) = await ExperimentCommand.RunAsync(scenario, Root, temp.Path, "test", _ => { }, TestContext.Current.CancellationToken);
        var arm = Assert.Single(result.Arms);
        Assert.Equal(["facilities.other", "facilities.valve1", "facilities.valve2"], arm.Clients.Select(c => c.Id));
        Assert.Equal("Completed", Assert.Single(arm.Rounds).Outcome);
        Assert.True(arm.Final.Anomalous > 1000, "SKAB's test parts hold thousands of anomalous windows");
        Assert.InRange(arm.Final.F1, 0, 1);

        // The leaderboard protocol covers every labelled file whole: 34 files, 37,401 readings, 13,067 anomalous (datasets README).
        var skab = Assert.IsType<SkabProtocolResult>(arm.SkabProtocol);
        Assert.Equal((34, 0), (skab.Files, skab.UncalibratedFiles));
        Assert.Equal((37_401L, 13_067L), (skab.WholeFile.Points, skab.WholeFile.Anomalous));
        Assert.Equal(skab.WholeFile.Points - 34 * SkabDataset.TrainLength, skab.TestPart.Points);
        Assert.Equal(34, skab.Clients.Sum(c => c.Files));
        Assert.InRange(skab.WholeFile.F1, 0, 1);
        Assert.True(skab.WholeFile.Alarms > 0, "a trained model raises some point alarms on SKAB");
    }

    [Fact]
    public async Task Scale_scenario_with_200_device_grains_completes_one_round()
    {
        var scenario = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "scale.json"));
        scenario = ExperimentCommand.ApplyOverrides(scenario, rounds: null, devices: 200, facilities: 4, datasets: null, "test");
        using var temp = new TempDirectory();
        var (result, timings, _) = await ExperimentCommand.RunAsync(scenario, Root, temp.Path, "test", _ => { }, TestContext.Current.CancellationToken);
        var scale = Assert.IsType<ScaleResult>(result.Scale);
        Assert.Equal(200, scale.RegisteredDevices);
        Assert.Equal("Completed", scale.Outcome);
        Assert.Equal(4, scale.Participants);
        // 8 readings a device, window 1: the latest quarter (2) calibrates, the other 6 train.
        Assert.Equal(200 * 6, scale.Samples);
        Assert.NotNull(timings.Scale);
        Assert.True(timings.Scale!.RoundSeconds > 0);
        Assert.True(File.Exists(Path.Combine(temp.Path, "report.md")));
    }
}
