using FedAspire.Core.Baselines;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// The simple detectors every experiment compares the federated autoencoder with: a per-participant z-score (each participant
/// standardizes with its own training rows and calibrates its own threshold, so it needs no federation at all) and an isolation
/// forest on the pooled normalized training windows (a centralized reference, like PCA).
/// </summary>
public static class BaselineArms
{
    /// <summary>
    /// Z-score per participant: means and deviations from its training rows, thresholds by the federation's own rule
    /// (<see cref="ModelCalibration.Merge"/> over its calibration windows' scores: its own conformal threshold with enough windows,
    /// else scaled from its median, else all participants' pooled), so that the comparison with the autoencoder is of scores, not of
    /// calibration rules.
    /// </summary>
    public static (ArmResult Result, ArmScores Scores) ZScore(ExperimentScenario scenario, PreparedPartition partition, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(spec);
        var detectors = new Dictionary<string, ZScoreDetector>(StringComparer.Ordinal);
        foreach (var (id, data) in partition.Clients)
        {
            var mapping = new FeatureMapping(data.Features, spec.Features);
            var values = new float[data.TrainCount * spec.FeatureCount];
            mapping.Map(data.TrainRows, values, new float[values.Length]);
            detectors[id] = ZScoreDetector.Fit(values, spec.FeatureCount);
        }
        float[] Score(string id, LocalWindows w) => detectors[id].Score(w.Raw, spec.Window);

        var calibration = BaselineEvaluation.CalibrationWindows(partition, spec, scenario.WindowStride)
            .ToDictionary(c => c.Id, c => c.Windows.Count > 0 ? Score(c.Id, c.Windows) : [], StringComparer.Ordinal);
        var summaries = calibration.Where(c => c.Value.Length > 0).Select(c =>
        {
            var histogram = ScoreHistogram.Create();
            histogram.Add(c.Value);
            return new ScoreHistogramSummary(c.Key, c.Value.Length, histogram, ConformalThreshold.Of(c.Value, scenario.FalseAlarmTarget).Threshold);
        });
        var merged = ModelCalibration.Merge(summaries, new DetectionSettings(NormalizationMode.Local, scenario.FalseAlarmTarget), ScoreHistogram.Create());
        var own = merged.ThresholdsByParticipant();
        var thresholds = calibration.ToDictionary(c => c.Key, c => own.TryGetValue(c.Key, out var t) ? t : merged.Threshold, StringComparer.Ordinal);

        string name = $"{partition.Name}/zscore";
        var (clients, pooled, scores) = BaselineEvaluation.Evaluate(name, partition, spec, scenario.WindowStride, Score, id => thresholds[id]);
        return (new ArmResult(name, partition.Name, "zscore", "local", [], pooled, CentralizedBaselines.TestQuantile(scores.Scores, scenario.TestErrorQuantile), clients),
            scores);
    }

    /// <summary>
    /// Isolation forest (100 trees, subsample 256, seeded by the scenario) on the pooled training windows, normalized with the pooled
    /// training statistics (missing values at the mean), and one threshold from all participants' calibration windows pooled. Pooled,
    /// not per participant: it is the centralized reference, and a small participant's own windows would give each tree far fewer
    /// than 256 points.
    /// </summary>
    public static (ArmResult Result, ArmScores Scores) IsolationForest(ExperimentScenario scenario, PreparedPartition partition, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(spec);
        var train = HeldOutScoring.Pool(partition, spec, scenario.WindowStride, heldOut: false);
        if (train.Count < 2) throw new ScenarioException($"partition {partition.Name}: iforest needs at least 2 training windows, got {train.Count}.");
        var normalization = train.Statistics.ToNormalization();
        var trainSet = SampleSet.FromRaw(train.Raw, train.Mask, spec.InputSize, normalization);
        var forest = Core.Baselines.IsolationForest.Fit(trainSet.Values, spec.InputSize, scenario.Seed);
        float[] Score(LocalWindows w) => forest.Score(w.ToSampleSet(normalization).Values);

        float threshold = BaselineEvaluation.CalibratePooled(partition, spec, scenario.WindowStride, scenario.FalseAlarmTarget, Score);
        string name = $"{partition.Name}/iforest";
        var (clients, pooled, scores) = BaselineEvaluation.Evaluate(name, partition, spec, scenario.WindowStride, (_, w) => Score(w), _ => threshold);
        var skab = SkabProtocolEvaluation.ForArm(scenario, partition, spec, normalization, set => forest.Score(set.Values));
        return (new ArmResult(name, partition.Name, "iforest", "centralized", [], pooled, CentralizedBaselines.TestQuantile(scores.Scores, scenario.TestErrorQuantile), clients, skab),
            scores);
    }
}
