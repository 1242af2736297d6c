using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class DetectionMetricsTests
{
    [Fact]
    public void Confusion_counts_and_ratios_match_a_hand_computation()
    {
        // threshold 0.5, alarm when score > 0.5: 0.6(A) TP, 0.9(A) TP, 0.4(A) FN, 0.7(N) FP, 0.5(N) TN (not strictly above), 0.1(N) TN.
        var m = DetectionMetrics.Compute([0.6f, 0.9f, 0.4f, 0.7f, 0.5f, 0.1f], [true, true, true, false, false, false], 0.5f);
        Assert.Equal((2L, 1L, 2L, 1L), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(2.0 / 3, m.Precision, 1e-12);      // 2 / (2 + 1)
        Assert.Equal(2.0 / 3, m.Recall, 1e-12);         // 2 / (2 + 1)
        Assert.Equal(2.0 / 3, m.F1, 1e-12);
        Assert.Equal(1.0 / 3, m.FalseAlarmRate, 1e-12); // 1 / (1 + 2)
        Assert.Equal(1.0 / 3, m.MissedAlarmRate, 1e-12);// 1 / (1 + 2)
        Assert.Equal(6, m.Samples);
    }

    [Fact]
    public void Perfect_separation_has_unit_aucs()
    {
        var m = DetectionMetrics.Compute([0.1f, 0.2f, 0.8f, 0.9f], [false, false, true, true], 0.5f);
        Assert.Equal(1.0, m.RocAuc);
        Assert.Equal(1.0, m.PrAuc);
        Assert.Equal(1.0, m.F1);
    }

    // Reference values computed with /usr/bin/python3 (numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1) on the same arrays as float32:
    //   sklearn.metrics.roc_auc_score(y, s), sklearn.metrics.average_precision_score(y, s);
    //   cross-check: scipy.stats.mannwhitneyu(s[y==1], s[y==0]).statistic / (P*N) gave the same ROC-AUC.
    [Fact]
    public void Aucs_match_sklearn_without_ties()
    {
        float[] s = [0.10f, 0.40f, 0.35f, 0.80f, 0.20f, 0.90f, 0.55f, 0.30f, 0.70f, 0.05f, 0.65f, 0.45f];
        bool[] y = [false, false, true, true, false, true, false, false, true, false, true, false];
        var (roc, pr) = DetectionMetrics.RankingAucs(s, y);
        Assert.Equal(0.9142857142857143, roc, 1e-12);
        Assert.Equal(0.925, pr, 1e-12);
    }

    [Fact]
    public void Aucs_match_sklearn_with_ties()
    {
        float[] s = [0.5f, 0.5f, 0.5f, 0.2f, 0.2f, 0.9f, 0.9f, 0.1f, 0.7f, 0.5f, 0.3f, 0.3f];
        bool[] y = [true, false, false, false, true, true, false, false, true, true, false, true];
        var (roc, pr) = DetectionMetrics.RankingAucs(s, y);
        Assert.Equal(0.625, roc, 1e-12);
        Assert.Equal(0.5684223184223184, pr, 1e-12);
    }

    [Fact]
    public void No_anomalies_makes_every_anomaly_figure_nan()
    {
        var m = DetectionMetrics.Compute([0.1f, 0.7f, 0.3f], [false, false, false], 0.5f);
        Assert.True(double.IsNaN(m.RocAuc), "ROC-AUC needs both classes");
        Assert.True(double.IsNaN(m.PrAuc), "PR-AUC needs an anomaly");
        Assert.True(double.IsNaN(m.Recall));
        Assert.True(double.IsNaN(m.F1), "F1 without anomalies is undefined, not 0");
        Assert.True(double.IsNaN(m.MissedAlarmRate));
        Assert.Equal(1.0 / 3, m.FalseAlarmRate, 1e-12);
        Assert.Equal(0.0, m.Precision); // one alarm, a false one
    }

    [Fact]
    public void Only_anomalies_makes_far_and_roc_nan()
    {
        var m = DetectionMetrics.Compute([0.1f, 0.7f], [true, true], 0.5f);
        Assert.True(double.IsNaN(m.RocAuc));
        Assert.Equal(1.0, m.PrAuc);
        Assert.True(double.IsNaN(m.FalseAlarmRate));
        Assert.Equal(0.5, m.MissedAlarmRate);
    }

    [Fact]
    public void Anomalies_without_alarms_are_a_real_zero_f1_with_undefined_precision()
    {
        var m = DetectionMetrics.Compute([0.1f, 0.2f, 0.3f], [true, false, false], 0.9f);
        Assert.Equal(0.0, m.F1);
        Assert.Equal(1.0, m.MissedAlarmRate);
        Assert.True(double.IsNaN(m.Precision), "no alarms: precision is undefined");
    }

    [Fact]
    public void Empty_input_is_nan_everywhere()
    {
        var m = DetectionMetrics.Compute([], [], 0.5f);
        Assert.All([m.F1, m.Precision, m.Recall, m.FalseAlarmRate, m.MissedAlarmRate, m.RocAuc, m.PrAuc], v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Per_sample_thresholds_alarm_each_sample_at_its_own_threshold()
    {
        // Participant a (threshold 0.5): 0.6 A -> TP, 0.4 N -> TN; participant b (threshold 2): 0.6 A -> FN, 3 N -> FP.
        var m = DetectionMetrics.Compute([0.6f, 0.4f, 0.6f, 3f], [true, false, true, false], [0.5f, 0.5f, 2f, 2f]);
        Assert.Equal((1L, 1L, 1L, 1L), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Throws<ArgumentException>(() => DetectionMetrics.Compute([0.6f], [true], [0.5f, 1f]));
    }

    [Fact]
    public void Best_f1_is_the_oracle_over_all_thresholds_and_its_threshold_reproduces_it()
    {
        // Descending: 0.9 A, 0.8 N, 0.7 A, 0.6 A, 0.3 N, 0.2 A; F1 = 2TP / (2TP + FP + FN) when alarming on the top k:
        // k=1 0.4, k=2 0.333, k=3 0.571, k=4 0.75, k=5 0.667, k=6 (TP 4, FP 2) 0.8, the best.
        float[] s = [0.2f, 0.9f, 0.3f, 0.7f, 0.8f, 0.6f];
        bool[] y = [true, true, false, true, false, true];
        var (f1, threshold) = DetectionMetrics.BestF1(s, y);
        Assert.Equal(0.8, f1, 1e-12);
        Assert.Equal(f1, DetectionMetrics.Compute(s, y, threshold).F1, 1e-12);

        var (separable, t) = DetectionMetrics.BestF1([0.1f, 0.2f, 0.8f, 0.9f], [false, false, true, true]);
        Assert.Equal(1.0, separable);
        Assert.Equal(1.0, DetectionMetrics.Compute([0.1f, 0.2f, 0.8f, 0.9f], [false, false, true, true], t).F1);
        Assert.True(double.IsNaN(DetectionMetrics.BestF1([0.1f, 0.2f], [false, false]).F1));
    }

    [Fact]
    public void Combine_sums_counts_and_weights_aucs()
    {
        var a = new DetectionMetrics(1, 2, 3, 4, RocAuc: 0.8, PrAuc: 0.5);
        var b = new DetectionMetrics(10, 20, 30, 40, RocAuc: 0.6, PrAuc: 0.1);
        var c = DetectionMetrics.Combine([(a, 1), (b, 3)]);
        Assert.Equal((11L, 22L, 33L, 44L), (c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives));
        Assert.Equal(0.65, c.RocAuc, 1e-12); // (0.8*1 + 0.6*3) / 4
        Assert.Equal(0.2, c.PrAuc, 1e-12);   // (0.5*1 + 0.1*3) / 4
        Assert.Throws<ArgumentException>(() => DetectionMetrics.Combine([]));
        Assert.Throws<ArgumentException>(() => DetectionMetrics.Combine([(a, 0)]));
    }

    [Fact]
    public void Mismatched_or_nan_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DetectionMetrics.Compute([0.1f, 0.2f], [true], 0.5f));
        Assert.Contains("Score 0", Assert.Throws<ArgumentException>(() => DetectionMetrics.Compute([float.NaN], [true], 0.5f)).Message);
    }

    [Fact]
    public void Combine_averages_AUCs_only_over_clients_where_they_are_defined()
    {
        // Client A ranks its 2 anomalies perfectly (ROC 1, AP 1); client B holds only normal data (AUC placeholders 0.5 and 0).
        var a = DetectionMetrics.Compute([0.1f, 0.2f, 0.9f, 0.8f], [false, false, true, true], 0.5f);
        var b = DetectionMetrics.Compute([0.1f, 0.3f, 0.2f, 0.4f, 0.1f, 0.2f], [false, false, false, false, false, false], 0.5f);

        var combined = DetectionMetrics.Combine([(a, a.Samples), (b, b.Samples)]);

        Assert.Equal(1.0, combined.RocAuc, 12);
        Assert.Equal(1.0, combined.PrAuc, 12);
        Assert.Equal(2, combined.TruePositives);
        Assert.Equal(6 + 2, combined.TrueNegatives);
        var onlyNormals = DetectionMetrics.Combine([(b, b.Samples)]);
        Assert.True(double.IsNaN(onlyNormals.RocAuc));
        Assert.True(double.IsNaN(onlyNormals.PrAuc));
    }
}
