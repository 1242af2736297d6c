using FedAspire.Core.Data;
using FedAspire.Lab.Commands;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>Scenario files: the shipped ones load; bad ones fail with messages naming the file and the setting.</summary>
[Trait("Area", "Federation")]
public sealed class ScenarioFileTests
{
    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    [Theory]
    [InlineData("pump-iid-vs-hybrid.json")]
    [InlineData("skab-facilities.json")]
    [InlineData("skab-privacy.json")]
    [InlineData("ims-bearing8.json")]
    [InlineData("scale.json")]
    [InlineData("pump-fedbuff.json")]
    public void Shipped_scenarios_load(string file)
    {
        var s = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), s.Name);
        Assert.NotEmpty(s.Strategies);
    }

    [Theory]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedfoo" }] }""", "unknown strategy 'fedfoo'")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "rounds": 0, "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }] }""", "rounds must be >= 1")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "normalization": "median", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }] }""", "normalization must be local or global")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "falseAlarmTarget": 0, "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }] }""", "falseAlarmTarget must be in (0, 1)")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "falseAlarmTarget": 1, "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }] }""", "falseAlarmTarget must be in (0, 1)")]
    [InlineData("""{ "name": "x", "dataset": "mnist", "strategies": [{ "name": "fedavg" }] }""", "unknown dataset 'mnist'")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedprox" }] }""", "fedprox needs mu > 0")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid", "strategy": "random" }], "strategies": [{ "name": "fedavg" }] }""", "unknown strategy 'random'")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "roundz": 3 }""", "roundz")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "training": { "learningRate": -1 } }""", "positive learningRate")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "baselines": ["svm"] }""", "unknown baseline 'svm'")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "rounds": "ten" }""", "not a valid scenario")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "async" }] }""", "mode must be sync or fedbuff")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "fedbuff": { "bufferSize": 2 } }] }""", "needs \"mode\": \"fedbuff\"")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "fedbuff", "fedbuff": { "bufferSize": 0 } }] }""", "fedbuff.bufferSize must be >= 1")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "fedbuff", "fedbuff": { "staleness": "linear" } }] }""", "fedbuff.staleness must be constant, polynomial or hinge")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "fedbuff", "fedbuff": { "speedSpread": -1 } }] }""", "fedbuff.speedSpread must be in [0, 5]")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "fedbuff", "fedbuff": { "budget": "rounds" } }] }""", "fedbuff.budget must be updates or time")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "mode": "fedbuff", "fedbuff": { "bufer": 2 } }] }""", "bufer")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "privacy": { "mode": "central" }, "strategies": [{ "name": "fedavg", "mode": "fedbuff" }] }""", "does not run with differential privacy")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "skabProtocol": {} }""", "skabProtocol applies only to dataset skab")]
    [InlineData("""{ "name": "x", "dataset": "skab", "partitions": [{ "name": "f", "strategy": "natural" }], "strategies": [{ "name": "fedavg" }], "model": { "kind": "conv", "window": 16 }, "skabProtocol": { "window": 60 } }""", "skabProtocol.window (60) must equal model.window (16)")]
    [InlineData("""{ "name": "x", "dataset": "skab", "partitions": [{ "name": "f", "strategy": "natural" }], "strategies": [{ "name": "fedavg" }], "model": { "kind": "conv", "window": 60 }, "skabProtocol": { "quantile": 1 } }""", "skabProtocol.quantile must be in (0, 1)")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "multi-krum", "byzantineCount": -1 }] }""", "strategy 'multi-krum': byzantineCount must be >= 0")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedadam", "beta2": 1 }] }""", "strategy 'fedadam': beta2 must be in [0, 1)")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "privacy": { "mode": "central", "noiseMultiplier": 0 } }""", "privacy.noiseMultiplier must be positive and finite")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "privacy": { "mode": "shuffle" } }""", "privacy.mode must be off, central or local, got 'shuffle'")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg", "privacy": { "mode": "local", "clip": -1 } }] }""", "strategy 'fedavg-dp-local-z1': privacy.clip must be positive and finite")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedmedian" }], "privacy": { "mode": "central" } }""", "privacy.mode central needs a mean-based strategy")]
    [InlineData("""{ "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }], "strategies": [{ "name": "fedavg" }], "privacy": { "mode": "central", "epsilon": 3 } }""", "epsilon")]
    public void Bad_scenarios_fail_with_a_clear_message(string json, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("bad.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_strategies_are_the_silo_strategy_options_with_documented_names_and_every_knob()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("knobs.json");
        File.WriteAllText(path, """
            { "name": "x", "dataset": "pump-sample", "partitions": [{ "name": "iid" }],
              "strategies": [{ "name": "multi-krum", "byzantineCount": 2, "multiKrumSelect": 3 }, { "name": "trimmed-mean", "trimCount": 2 },
                             { "name": "multikrum", "label": "old-spelling" }] }
            """);
        var s = ScenarioFile.Load(path);
        var krum = s.Strategies[0].Canonicalized();
        Assert.Equal(new Core.Aggregation.StrategyOptions("multi-krum", byzantineCount: 2, multiKrumSelect: 3), krum);
        Assert.Equal(2, s.Strategies[1].TrimCount);
        Assert.Equal("multi-krum", s.Strategies[2].Canonicalized().Name);
        Assert.Equal("multi-krum", Core.Aggregation.AggregationStrategies.Create(krum, 4).Name);
        // Echoed into metrics.json in the order strategy entries always had; the two Krum knobs come last.
        Assert.Equal("""{"name":"fedavg","label":null,"mu":0,"serverLearningRate":1,"serverMomentum":0.9,"beta1":0.9,"beta2":0.99,"tau":0.001,"trimCount":1,"byzantineCount":1,"multiKrumSelect":0}""",
            System.Text.Json.JsonSerializer.Serialize(new ScenarioStrategy(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void Missing_dataset_paths_say_where_they_looked()
    {
        var pump = ExperimentRunTests.TinyPump() with { DatasetPath = "no/such/pump.csv" };
        var e = Assert.Throws<DatasetMissingException>(() => ExperimentDataLoader.Load(pump, Root));
        Assert.Contains("no/such/pump.csv", e.Message, StringComparison.Ordinal);

        var skab = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "skab-facilities.json")) with { DatasetPath = "/nonexistent/datasets" };
        var s = Assert.Throws<DatasetMissingException>(() => ExperimentDataLoader.Load(skab, Root));
        Assert.Contains("SKAB data not found under '/nonexistent/datasets'", s.Message, StringComparison.Ordinal);

        var ims = ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "ims-bearing8.json")) with { DatasetPath = "/nonexistent/datasets" };
        Assert.Contains("bearing_merged_2.csv", Assert.Throws<DatasetMissingException>(() => ExperimentDataLoader.Load(ims, Root)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_reports_bad_files_and_bad_overrides_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, await CliCommands.RunAsync(["experiment", "--scenario", temp.Sub("missing.json")], TestContext.Current.CancellationToken));
        Assert.Equal(2, await CliCommands.RunAsync(["experiment", "--scenario", Path.Combine(Root, "data", "scenarios", "scale.json"), "--devices", "0", "--out", temp.Path],
            TestContext.Current.CancellationToken));
        Assert.Equal(2, await CliCommands.RunAsync(["experiment", "--scenario", Path.Combine(Root, "data", "scenarios", "scale.json"), "--rounds", "x"], TestContext.Current.CancellationToken));
        Assert.Equal(2, await CliCommands.RunAsync(["experiment", "--scenario", Path.Combine(Root, "data", "scenarios", "scale.json"), "--silos", "0", "--out", temp.Path],
            TestContext.Current.CancellationToken));
        Assert.Equal(2, await CliCommands.RunAsync(["experiment", "--scenario", Path.Combine(Root, "data", "scenarios", "pump-iid-vs-hybrid.json"), "--silos", "2", "--out", temp.Path],
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Arm_labels_and_federation_names_are_registry_safe()
    {
        Assert.Equal("fedprox-mu0.01", ScenarioFile.ArmLabel(new ScenarioStrategy { Name = "fedprox", Mu = 0.01f }));
        Assert.Equal("fedadam-lr0.01", ScenarioFile.ArmLabel(new ScenarioStrategy { Name = "fedadam", ServerLearningRate = 0.01f }));
        Assert.Equal("mine", ScenarioFile.ArmLabel(new ScenarioStrategy { Name = "fedavg", Label = "mine" }));
        Assert.Equal("s.p.a_b", ExperimentRunner.FederationName("s", "p", "a/b"));
    }
}
