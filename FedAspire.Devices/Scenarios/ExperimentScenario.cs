using System.Text.Json.Serialization;
using FedAspire.Core.Federation;
using FedAspire.Core.Privacy;

namespace FedAspire.Devices.Scenarios;

/// <summary>
/// A scenario file (<c>data/scenarios/*.json</c>): which data set, how it is split into facilities, which model, how it is
/// trained, which strategies and baselines are compared, for how many rounds, with which seed. See docs/experiments.md.
/// </summary>
public sealed record ExperimentScenario
{
    /// <summary>Scenario name (used in federation names and the report title).</summary>
    public string Name { get; init; } = "";

    /// <summary>One or two sentences for the report.</summary>
    public string Description { get; init; } = "";

    /// <summary><c>pump-sample</c>, <c>skab</c>, <c>ims-bearing8</c>, <c>csv</c> (your own files under <see cref="DatasetPath"/>) or <c>scale</c>.</summary>
    public string Dataset { get; init; } = "";

    /// <summary>File or folder to read instead of the default (relative to the repository root); for real data the datasets root.</summary>
    public string? DatasetPath { get; init; }

    /// <summary>Run seed: partitioning, initial model, every participant's training, baselines.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of each client's rows (in time order) that is its training part; the rest is its labelled held-out part.</summary>
    public double TrainFraction { get; init; } = 0.6;

    /// <summary>Keep only rows labelled normal in the training parts (anomaly detection trains on normal operation).</summary>
    public bool TrainOnNormalOnly { get; init; } = true;

    /// <summary>
    /// Share of each facility's training part (its latest rows) held back as calibration data: no model trains on it, and
    /// thresholds are set on its scores only.
    /// </summary>
    public double CalibrationFraction { get; init; } = 0.25;

    /// <summary>The facility splits to compare (e.g. iid and hybrid).</summary>
    public IReadOnlyList<ScenarioPartition> Partitions { get; init; } = [];

    /// <summary>The autoencoder every arm and the centralized baseline train.</summary>
    public ScenarioModel Model { get; init; } = new();

    /// <summary>Client training options per round.</summary>
    public ScenarioTraining Training { get; init; } = new();

    /// <summary>Federated rounds per arm (the centralized autoencoder trains the same number of epoch-equivalents).</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Server strategies to compare; one arm per (partition, strategy).</summary>
    public IReadOnlyList<ScenarioStrategy> Strategies { get; init; } = [];

    /// <summary>Baselines: <c>centralized-ae</c>, <c>pca</c>, <c>iforest</c> (pooled) and/or <c>zscore</c> (per participant).</summary>
    public IReadOnlyList<string> Baselines { get; init; } = [];

    /// <summary>Rank of the randomized-PCA baseline (0 = a quarter of the input size, at least 1).</summary>
    public int PcaRank { get; init; }

    /// <summary><c>local</c> (each facility standardizes with its own training statistics, which never leave it) or <c>global</c> (merged).</summary>
    public string Normalization { get; init; } = "local";

    /// <summary>
    /// Under local normalization, the horizon (a share of each participant's training rows; 0 = off) over which its normalization
    /// means follow slow drift of normal operation (<see cref="Core.Learning.DriftTracker"/>).
    /// </summary>
    public double DriftHorizon { get; init; } = 0.25;

    /// <summary>
    /// Share of normal windows allowed to raise an alarm: every threshold, federated and baseline, is a conformal quantile of
    /// calibration-window scores at it (<see cref="Core.Learning.ConformalThreshold"/>), per participant where the detector is local.
    /// </summary>
    public double FalseAlarmTarget { get; init; } = 0.01;

    /// <summary>Quantile of the final model's held-out scores reported as the "test-error threshold" (the IMS notebook's rule; reported only, never used for F1).</summary>
    public double TestErrorQuantile { get; init; } = 0.95;

    /// <summary>Step between consecutive windows.</summary>
    public int WindowStride { get; init; } = 1;

    /// <summary>SKAB only: also evaluate every final model on the leaderboard's point-wise protocol with these settings (null: skip).</summary>
    public ScenarioSkabProtocol? SkabProtocol { get; init; }

    /// <summary>Settings of the <c>csv</c> data set: layout and column names.</summary>
    public ScenarioCsv? Csv { get; init; }

    /// <summary>Settings of the <c>scale</c> data set.</summary>
    public ScenarioScale? Scale { get; init; }

    /// <summary>A poisoning attack run in every arm (docs/trust.md); null: every participant is honest.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioPoisoning? Poisoning { get; init; }

    /// <summary>Differential privacy of every arm (an arm's own <c>privacy</c> overrides it); null: off. The noise is seeded from <see cref="Seed"/> unless <c>noiseSeed</c> is set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PrivacyOptions? Privacy { get; init; }

    /// <summary>The privacy an arm runs with: its own, else the scenario's, with the noise seeded from the scenario so runs are reproducible; null when off.</summary>
    public PrivacyOptions? PrivacyFor(ScenarioStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var privacy = strategy.Privacy ?? Privacy;
        // 0 would mean CSPRNG noise: an experiment seeds it from the scenario instead, so two runs give the same metrics.json.
        return privacy is { Enabled: true } ? privacy with { NoiseSeed = privacy.NoiseSeed != 0 ? privacy.NoiseSeed : Math.Max(1, StableSeed.Derive(Seed, 0, "privacy")) } : null;
    }
}
