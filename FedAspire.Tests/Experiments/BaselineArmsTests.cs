using FedAspire.Core.Baselines;
using FedAspire.Core.Data;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;
using FedAspire.Devices.Facilities;
using FedAspire.Lab.Reports;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>Baseline arms: thresholds come from calibration rows only; per-window scores, thresholds and labels reach scores.csv.</summary>
[Trait("Area", "Learning")]
public sealed class BaselineArmsTests
{
    private static readonly string[] Features = ["a", "b"];
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ExperimentScenario Scenario() => new()
    {
        Name = "baselines",
        Seed = 3,
        Model = new ScenarioModel { Hidden = [3, 1, 3], Window = 2 },
        Training = new ScenarioTraining { Epochs = 2, BatchSize = 32, LearningRate = 3e-3f },
        Rounds = 1,
        PcaRank = 1,
        FalseAlarmTarget = 0.05,
    };

    /// <summary>
    /// Facility f1 (labelled, timestamped; the last 10 held-out rows anomalous) and f2 (unlabelled, no timestamps). Training rows are
    /// the same whatever <paramref name="calibrationSpread"/>; only the calibration rows' spread changes.
    /// </summary>
    private static PreparedPartition Partition(double calibrationSpread)
    {
        var random = new SeededRandom(11);
        float[] Rows(int n, double mean, double std, Func<int, double>? shift = null)
        {
            var rows = new float[n * 2];
            for (int i = 0; i < rows.Length; i++) rows[i] = (float)(mean + std * random.NextNormal() + (shift?.Invoke(i / 2) ?? 0));
            return rows;
        }
        var train1 = Rows(200, 0, 1);
        var train2 = Rows(200, 10, 2);
        var calibration1 = Rows(100, 0, calibrationSpread);
        var calibration2 = Rows(100, 10, 2 * calibrationSpread);
        var held1 = Rows(60, 0, 1, i => i >= 50 ? 8 : 0);
        var held2 = Rows(40, 10, 2);
        var f1 = new FacilityPartition(Features, train1, held1, Enumerable.Range(0, 60).Select(i => i >= 50).ToArray())
        {
            CalibrationRows = calibration1,
            HeldOutTimes = Enumerable.Range(0, 60).Select(i => Start.AddMinutes(i)).ToArray(),
        };
        var f2 = new FacilityPartition(Features, train2, held2, new bool[40]) { CalibrationRows = calibration2, HasLabels = false };
        return new PreparedPartition("p", Features, [("f1", f1), ("f2", f2)], []);
    }

    [Fact]
    public void Per_participant_baselines_pool_calibrated_scores_as_the_federated_arm_does()
    {
        var scenario = Scenario();
        var partition = Partition(calibrationSpread: 1);
        // Both participants labelled, with different thresholds: raw pooled scores would rank by each one's scale instead.
        var (id2, f2) = partition.Clients[1];
        partition = partition with { Clients = [partition.Clients[0], (id2, f2 with { HasLabels = true, HeldOutAnomalous = Enumerable.Range(0, 40).Select(i => i >= 35).ToArray() })] };
        var spec = ExperimentRunner.BuildSpec(scenario.Model, Features);
        var (arm, scores) = BaselineArms.ZScore(scenario, partition, spec);

        var calibrated = scores.Scores.Select((s, i) => s / scores.Thresholds[i]).ToArray();
        var expected = DetectionMetrics.RankingAucs(calibrated, scores.Labels);
        Assert.Equal(expected.PrAuc, arm.Final.PrAuc, 12);
        Assert.NotEqual(DetectionMetrics.RankingAucs(scores.Scores, scores.Labels).PrAuc, arm.Final.PrAuc, 6);
        Assert.Equal(DetectionMetrics.Compute(scores.Scores, scores.Labels, scores.Thresholds).F1, arm.Final.F1, 12);
    }

    [Fact]
    public void Zscore_thresholds_follow_the_federations_calibration_rule_on_calibration_windows()
    {
        var scenario = Scenario();
        var partition = Partition(calibrationSpread: 1);
        var spec = ExperimentRunner.BuildSpec(scenario.Model, Features);
        var (arm, scores) = BaselineArms.ZScore(scenario, partition, spec);

        // The rule of ModelCalibration.Merge, computed here on exact scores: own conformal threshold with 10 / alpha windows,
        // else the pooled conformal quantile of every participant's scores over its own median, times its median.
        var calibration = partition.Clients.ToDictionary(c => c.Id, c =>
            ZScoreDetector.Fit(c.Data.TrainRows, 2).Score(TimeWindows.Create(c.Data.CalibrationRows, 2, 2, 1), 2));
        Assert.All(calibration.Values, c => Assert.InRange(c.Length, ModelCalibration.MinScaleWindows, ModelCalibration.MinOwnWindows(0.05) - 1));
        static float Median(float[] x) => AnomalyThreshold.Quantile(x, 0.5);
        var relative = calibration.Values.SelectMany(c => c.Select(v => v / Median(c))).ToArray();
        float relativeThreshold = ConformalThreshold.Of(relative, 0.05).Threshold;
        foreach (var (id, data) in partition.Clients)
        {
            float expected = relativeThreshold * Median(calibration[id]);
            float actual = arm.Clients.Single(c => c.Id == id).Metrics.Threshold;
            Assert.Equal(expected, actual, expected * 0.02f); // histogram bins: within two bin ratios
            Assert.All(Enumerable.Range(0, scores.Scores.Length).Where(i => scores.Participants[i] == id), i => Assert.Equal(actual, scores.Thresholds[i]));
        }
        Assert.True(float.IsNaN(arm.Final.Threshold), "participants have their own thresholds");
        Assert.Equal("local", arm.Kind);
        // The pooled figures cover only the labelled facility; the unlabelled one is n/a.
        Assert.Equal(59, arm.Final.Windows);
        Assert.True(double.IsNaN(arm.Clients.Single(c => c.Id == "f2").Metrics.F1));
        Assert.True(arm.Final.PrAuc > 0.9, $"an 8-sigma shift is easy for a z-score, PR-AUC {arm.Final.PrAuc}");
        Assert.InRange(arm.Final.BestF1, arm.Final.F1, 1);
    }

    [Fact]
    public void Every_baseline_threshold_follows_the_calibration_rows_not_the_training_rows()
    {
        var scenario = Scenario();
        var spec = ExperimentRunner.BuildSpec(scenario.Model, Features);
        var narrow = Partition(calibrationSpread: 1);
        var wide = Partition(calibrationSpread: 6);
        var training = new TrainingOptions(2, 32, 3e-3f, OptimizerKind.Adam, 0.9f, 0f, scenario.Seed);

        // Same training rows, same models: any change of threshold comes from the calibration rows alone.
        var runs = new (string Name, Func<PreparedPartition, float> Threshold, double Factor)[]
        {
            ("zscore", p => BaselineArms.ZScore(scenario, p, spec).Result.Clients[0].Metrics.Threshold, 4),
            ("pca", p => CentralizedBaselines.Pca(scenario, p, spec).Result.Final.Threshold, 4),
            ("iforest", p => BaselineArms.IsolationForest(scenario, p, spec).Result.Final.Threshold, 1.05),
            ("centralized-ae", p => CentralizedBaselines.Autoencoder(scenario, p, spec, training, null, TestContext.Current.CancellationToken).Result.Final.Threshold, 4),
        };
        foreach (var (name, threshold, factor) in runs)
        {
            float a = threshold(narrow), b = threshold(wide);
            Assert.True(float.IsFinite(a) && b > factor * a, $"{name}: threshold with wide calibration rows {b} should exceed {factor} x {a}");
        }
    }

    [Fact]
    public void Scores_csv_has_one_row_per_window_with_time_threshold_and_an_empty_label_when_unlabelled()
    {
        var scenario = Scenario();
        var partition = Partition(calibrationSpread: 1);
        var spec = ExperimentRunner.BuildSpec(scenario.Model, Features);
        var (_, zscore) = BaselineArms.ZScore(scenario, partition, spec);
        var (_, forest) = BaselineArms.IsolationForest(scenario, partition, spec);
        using var temp = new TempDirectory();

        Assert.Equal("scores.csv", ExperimentOutputWriter.WriteScores([zscore, forest], temp.Path));

        var lines = File.ReadAllLines(temp.Sub("scores.csv"));
        Assert.Equal("arm,participant,window_end_time,score,threshold,label", lines[0]);
        Assert.Equal(1 + 2 * (59 + 39), lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        var first = rows[0];
        Assert.Equal(["p/zscore", "f1", "2026-01-01T00:01:00Z"], first[..3]); // window 0 ends at the second reading
        Assert.Equal(zscore.Scores[0], float.Parse(first[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(zscore.Thresholds[0], float.Parse(first[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", first[5]);
        Assert.Equal("1", rows[58][5]);                                      // f1's last window holds anomalous rows
        var unlabelled = rows.Where(r => r[1] == "f2").ToList();
        Assert.Equal(2 * 39, unlabelled.Count);
        Assert.All(unlabelled, r => Assert.Equal("", r[5]));
        Assert.Equal("1", unlabelled[0][2]);                                 // no timestamps: the row index of the window's last reading
        var forestRows = rows.Where(r => r[0] == "p/iforest").ToList();
        Assert.All(forestRows, r => Assert.Equal(forestRows[0][4], r[4]));  // one pooled threshold
    }

    [Fact]
    public void Report_prints_na_for_undefined_metrics_and_labels_the_oracle()
    {
        var scenario = Scenario() with { Dataset = "pump-sample" };
        var partition = Partition(calibrationSpread: 1);
        var spec = ExperimentRunner.BuildSpec(scenario.Model, Features);
        var (arm, _) = BaselineArms.ZScore(scenario, partition, spec);
        var result = new ExperimentResult(scenario, [], [arm], null);
        using var temp = new TempDirectory();

        var report = File.ReadAllText(ExperimentReportWriter.Write(result, new ExperimentTimings(DateTimeOffset.UnixEpoch, 1, new Dictionary<string, double[]>(), null), [], temp.Path, "test"));

        Assert.Contains("best-F1 (oracle, diagnostic)", report, StringComparison.Ordinal);
        Assert.Contains("PR-AUC (pooled)", report, StringComparison.Ordinal);
        Assert.Contains("conformal, FAR 5 %, per participant", report, StringComparison.Ordinal);
        var f2 = report.Split('\n').Single(l => l.StartsWith("| p/zscore | f2 |", StringComparison.Ordinal));
        Assert.Contains("| n/a | n/a | n/a | n/a | n/a |", f2, StringComparison.Ordinal); // F1, FAR, MAR, PR-AUC, best-F1 of an unlabelled facility
        Assert.DoesNotContain("NaN", report, StringComparison.Ordinal);
    }
}
