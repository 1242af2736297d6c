using FedAspire.Core.Learning;
using FedAspire.Lab.Reports;
using FedAspire.Devices.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Centralized baselines on the pooled training data of a partition, scored on the same held-out windows with one threshold
/// calibrated on all participants' calibration windows pooled (<see cref="BaselineEvaluation"/>): the scenario's autoencoder trained
/// with <see cref="LocalTrainer"/> for as many epoch-equivalents as the federation's rounds x local epochs, and ML.NET's
/// randomized-PCA anomaly detector.
/// </summary>
public static class CentralizedBaselines
{
    /// <summary>The same autoencoder on pooled data; one row per epoch-equivalent of a round.</summary>
    public static (ArmResult Result, ArmScores Scores) Autoencoder(ExperimentScenario scenario, PreparedPartition partition, ModelSpec spec, TrainingOptions training,
        Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partition);
        var train = HeldOutScoring.Pool(partition, spec, scenario.WindowStride, heldOut: false);
        var test = HeldOutScoring.Pool(partition, spec, scenario.WindowStride, heldOut: true);
        var normalization = train.Statistics.ToNormalization();
        var trainSet = SampleSet.FromRaw(train.Raw, train.Mask, spec.InputSize, normalization);
        var testSet = SampleSet.FromRaw(test.Raw, test.Mask, spec.InputSize, normalization);
        var calibrationSets = BaselineEvaluation.CalibrationWindows(partition, spec, scenario.WindowStride)
            .Where(c => c.Windows.Count > 0).Select(c => c.Windows.ToSampleSet(normalization)).ToList();
        var model = Core.Learning.Autoencoder.Create(spec, scenario.Seed);
        var trainer = new LocalTrainer(model, training);
        var testScores = new float[test.Count];
        float[] Score(SampleSet set)
        {
            var scores = new float[set.Count];
            model.Score(set, scores);
            return scores;
        }
        var rows = new List<RoundRow>();
        float threshold = float.NaN;
        for (int round = 1; round <= scenario.Rounds; round++)
        {
            var result = trainer.Train(trainSet, null, cancellationToken);
            // Recalibrated for every model version, as the federation's threshold will be, on windows no epoch trained on.
            threshold = BaselineEvaluation.Calibrate(calibrationSets.Select(Score), scenario.FalseAlarmTarget);
            model.Score(testSet, testScores);
            var s = HeldOutScoring.Summarize(testScores, test.Labels, threshold);
            rows.Add(new RoundRow(round, "Completed", round, 1, 1, train.Count, result.FinalLoss, s.MeanScore, threshold, s.F1, s.FalseAlarmRate, s.MissedAlarmRate, s.PrAuc, s.RocAuc, 0, 0, s.PrAuc));
            progress?.Invoke(FormattableString.Invariant($"  {partition.Name}/centralized-ae epoch-equivalent {round,3}: loss {result.FinalLoss:F4}  eval loss {s.MeanScore:F4}  F1 {MetricText.Format(s.F1)}  FAR {MetricText.Format(s.FalseAlarmRate)}  MAR {MetricText.Format(s.MissedAlarmRate)}"));
        }
        string name = $"{partition.Name}/centralized-ae";
        var (clients, pooled, scores) = BaselineEvaluation.Evaluate(name, partition, spec, scenario.WindowStride, (_, w) => Score(w.ToSampleSet(normalization)), _ => threshold);
        var skab = SkabProtocolEvaluation.ForArm(scenario, partition, spec, normalization, SkabProtocolEvaluation.Scores(model));
        return (new ArmResult(name, partition.Name, "centralized-ae", "centralized", rows, pooled, TestQuantile(scores.Scores, scenario.TestErrorQuantile), clients, skab), scores);
    }

    /// <summary>ML.NET randomized PCA on the normalized pooled windows (missing values as the mean, i.e. 0).</summary>
    public static (ArmResult Result, ArmScores Scores) Pca(ExperimentScenario scenario, PreparedPartition partition, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partition);
        var train = HeldOutScoring.Pool(partition, spec, scenario.WindowStride, heldOut: false);
        var normalization = train.Statistics.ToNormalization();
        var trainSet = SampleSet.FromRaw(train.Raw, train.Mask, spec.InputSize, normalization);
        int d = spec.InputSize;
        int rank = Math.Clamp(scenario.PcaRank > 0 ? scenario.PcaRank : Math.Max(1, d / 4), 1, d);

        var ml = new MLContext(scenario.Seed);
        var schema = SchemaDefinition.Create(typeof(PcaRow));
        schema[nameof(PcaRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = nameof(PcaRow.Features),
            Rank = rank,
            EnsureZeroMean = true,
            Seed = scenario.Seed,
        });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(Rows(trainSet.Values, d), schema));
        // ML.NET's own Score column ranked SKAB's anomalous windows below the normal ones (ROC-AUC 0.23): it is relative to the
        // input's size. Score with the absolute squared residual of the fitted subspace instead, comparable to the AE's MSE.
        var subspace = PcaSubspace.From(model.Model, d);
        float[] Score(LocalWindows w) => subspace.Score(w.ToSampleSet(normalization).Values);
        float threshold = BaselineEvaluation.CalibratePooled(partition, spec, scenario.WindowStride, scenario.FalseAlarmTarget, Score);
        string name = $"{partition.Name}/pca";
        var (clients, pooled, scores) = BaselineEvaluation.Evaluate(name, partition, spec, scenario.WindowStride, (_, w) => Score(w), _ => threshold);
        var skab = SkabProtocolEvaluation.ForArm(scenario, partition, spec, normalization, set => subspace.Score(set.Values));
        return (new ArmResult(name, partition.Name, $"pca-rank{rank}", "centralized", [], pooled, TestQuantile(scores.Scores, scenario.TestErrorQuantile), clients, skab), scores);
    }

    /// <summary>The quantile of held-out scores (NaN when there are none).</summary>
    public static float TestQuantile(float[] scores, double q) =>
        scores is { Length: > 0 } ? AnomalyThreshold.Quantile(scores, q) : float.NaN;

    private static IEnumerable<PcaRow> Rows(float[] values, int d)
    {
        for (int i = 0; i + d <= values.Length; i += d) yield return new PcaRow { Features = values[i..(i + d)] };
    }

    /// <summary>ML.NET input row: one normalized window.</summary>
    private sealed class PcaRow
    {
        public float[] Features { get; set; } = [];
    }
}
