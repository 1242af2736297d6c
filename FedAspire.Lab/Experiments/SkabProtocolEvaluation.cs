using FedAspire.Core.Learning;
using FedAspire.Devices.Training;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Scores a final model on the SKAB leaderboard's own point-wise protocol (<see cref="ScenarioSkabProtocol"/>), file by file, and
/// summarizes over all files' readings concatenated, per facility and pooled.
/// </summary>
/// <remarks>
/// The UCL of a file is calibrated with the model on that file's own training windows: a facility-local step (the facility owns
/// those rows and needs no labels for it), so it is legitimate in federated learning. The score is the model's masked MSE of the
/// window, not the notebook's L1 residual (sum over features of the mean absolute error over time); the rule that turns window
/// alarms into point alarms is <see cref="PointAlarms"/>.
/// </remarks>
public static class SkabProtocolEvaluation
{
    /// <summary>The protocol for one arm when the scenario asks for it and the partition holds SKAB files; null otherwise.</summary>
    public static SkabProtocolResult? ForArm(ExperimentScenario scenario, PreparedPartition partition, ModelSpec spec, FeatureNormalization normalization, Func<SampleSet, float[]> score)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partition);
        return scenario.SkabProtocol is { } protocol && partition.SkabFiles is { Count: > 0 } files
            ? Evaluate(files, partition.Features, spec, normalization, score, protocol)
            : null;
    }

    /// <summary>Window scores of an autoencoder (its masked reconstruction MSE).</summary>
    public static Func<SampleSet, float[]> Scores(Autoencoder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return set =>
        {
            var scores = new float[set.Count];
            if (set.Count > 0) model.Score(set, scores);
            return scores;
        };
    }

    /// <summary>Evaluates <paramref name="score"/> (window scores of a normalized sample set) on <paramref name="files"/>.</summary>
    public static SkabProtocolResult Evaluate(IReadOnlyList<SkabProtocolFile> files, IReadOnlyList<string> features, ModelSpec spec,
        FeatureNormalization normalization, Func<SampleSet, float[]> score, ScenarioSkabProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(protocol);
        if (spec.Window != protocol.Window)
            throw new ScenarioException($"skabProtocol.window is {protocol.Window} but the model scores windows of {spec.Window}; set model.window to {protocol.Window}.");
        int window = spec.Window, uncalibrated = 0;
        var all = new AlarmLog();
        var byClient = new SortedDictionary<string, AlarmLog>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            int rows = file.Labels.Length;
            if (file.Rows.Length != rows * features.Count || file.TrainLength < 0 || file.TrainLength > rows)
                throw new ArgumentException($"SKAB file {file.Name}: {file.Rows.Length} values, {rows} labels and {file.TrainLength} training rows do not fit {features.Count} features.", nameof(files));
            var alarms = new bool[rows];
            int calibrationWindows = file.TrainLength - window + 1;
            if (calibrationWindows >= 1)
            {
                var windows = LocalWindows.Create(file.Rows, features, spec, 1);
                var scores = score(windows.ToSampleSet(normalization));
                double ucl = AnomalyThreshold.Quantile(scores.AsSpan(0, calibrationWindows), protocol.Quantile) * protocol.Factor;
                var windowAlarms = new bool[scores.Length];
                for (int j = 0; j < scores.Length; j++) windowAlarms[j] = scores[j] > ucl;
                PointAlarms.FromWindows(windowAlarms, window, alarms);
            }
            else uncalibrated++;
            if (!byClient.TryGetValue(file.ClientId, out var log)) byClient[file.ClientId] = log = new AlarmLog();
            log.Add(alarms, file.Labels, file.TrainLength);
            all.Add(alarms, file.Labels, file.TrainLength);
        }
        var clients = byClient.Select(kv => new SkabProtocolClient(kv.Key, kv.Value.Files, kv.Value.WholeFile(), kv.Value.TestPart())).ToArray();
        return new SkabProtocolResult(all.WholeFile(), all.TestPart(), clients, files.Count, uncalibrated);
    }

    /// <summary>Alarms and labels of several files, whole and test parts, concatenated as SKAB's chp_score sums them.</summary>
    private sealed class AlarmLog
    {
        private readonly List<bool> _alarms = [], _labels = [], _testAlarms = [], _testLabels = [];

        public int Files { get; private set; }

        public void Add(bool[] alarms, bool[] labels, int trainLength)
        {
            _alarms.AddRange(alarms);
            _labels.AddRange(labels);
            _testAlarms.AddRange(alarms.AsSpan(trainLength));
            _testLabels.AddRange(labels.AsSpan(trainLength));
            Files++;
        }

        public PointwiseSummary WholeFile() => PointwiseSummary.From(DetectionMetrics.FromAlarms(_alarms.ToArray(), _labels.ToArray()));

        public PointwiseSummary TestPart() => PointwiseSummary.From(DetectionMetrics.FromAlarms(_testAlarms.ToArray(), _testLabels.ToArray()));
    }
}
