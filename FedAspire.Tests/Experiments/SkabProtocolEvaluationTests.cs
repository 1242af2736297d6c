using FedAspire.Core.Learning;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;

namespace FedAspire.Tests.Experiments;

/// <summary>The SKAB leaderboard protocol on hand-computed files: per-file UCL from training windows, point rule, whole vs test parts.</summary>
[Trait("Area", "Federation")]
public sealed class SkabProtocolEvaluationTests
{
    private static readonly string[] Features = ["x"];
    private static readonly ModelSpec Spec = ModelSpec.DenseAutoencoder(Features, [2], Activation.Relu, window: 3);

    // Score = sum of the window's (identity-normalized) values, so every number below is computable by hand.
    private static float[] SumScores(SampleSet set)
    {
        var scores = new float[set.Count];
        for (int i = 0; i < set.Count; i++) scores[i] = set.Values.AsSpan(i * set.InputSize, set.InputSize).ToArray().Sum();
        return scores;
    }

    private static SkabProtocolResult Evaluate(params SkabProtocolFile[] files) =>
        SkabProtocolEvaluation.Evaluate(files, Features, Spec, FeatureNormalization.Identity(1), SumScores,
            new ScenarioSkabProtocol { Window = 3, Quantile = 0.5, Factor = 1.5 });

    [Fact]
    public void Ucl_from_training_windows_and_point_rule_give_the_hand_computed_counts()
    {
        // Rows 0..4 train: window sums 6, 6, 6 -> median 6 x 1.5 = UCL 9. All 10 window sums: 6 6 6 12 20 27 27 27 18 9;
        // alarms (> 9): windows 3..8. Points eligible 2..7 (range(2, 10 - 3 + 1)); point i needs windows i-2, i-1: points 5, 6, 7.
        var a = new SkabProtocolFile("a", "valve1/0", [1, 2, 3, 1, 2, 9, 9, 9, 9, 9, 0, 0],
            [false, false, false, false, false, true, true, true, true, true, false, false], 5);
        // Too short for a training window: no UCL, no alarms.
        var b = new SkabProtocolFile("b", "other/1", [5, 5, 5, 5], [false, false, true, true], 2);
        var r = Evaluate(a, b);

        Assert.Equal((2, 1), (r.Files, r.UncalibratedFiles));
        var ca = r.Clients.Single(c => c.Id == "a");
        Assert.Equal((12L, 5L, 3L, 3L), (ca.WholeFile.Points, ca.WholeFile.Anomalous, ca.WholeFile.Alarms, ca.WholeFile.TruePositives));
        Assert.Equal(3 / (3 + 2 / 2.0), ca.WholeFile.F1, 1e-12);        // TP 3, FN 2 (rows 8, 9), FP 0
        Assert.Equal(0.4, ca.WholeFile.MissedAlarmRate, 1e-12);
        Assert.Equal(0, ca.WholeFile.FalseAlarmRate);
        Assert.Equal(5 / (5 + 7 / 2.0), ca.WholeFile.FlagAllF1, 1e-12);
        // Test part = rows 5..11: TP 3, FN 2, TN 2.
        Assert.Equal((7L, 5L), (ca.TestPart.Points, ca.TestPart.Anomalous));
        Assert.Equal(0.75, ca.TestPart.F1, 1e-12);
        Assert.Equal(5 / (5 + 2 / 2.0), ca.TestPart.FlagAllF1, 1e-12);

        // Pooled over both files' readings concatenated: TP 3, FN 2 + 2, FP 0, TN 7 + 2.
        Assert.Equal((16L, 7L, 3L), (r.WholeFile.Points, r.WholeFile.Anomalous, r.WholeFile.TruePositives));
        Assert.Equal(3 / (3 + 4 / 2.0), r.WholeFile.F1, 1e-12);
        Assert.Equal(4.0 / 7, r.WholeFile.MissedAlarmRate, 1e-12);
        Assert.Equal(1.0, r.Clients.Single(c => c.Id == "b").WholeFile.MissedAlarmRate);
    }

    [Fact]
    public void A_larger_factor_raises_the_ucl_and_silences_the_file()
    {
        var a = new SkabProtocolFile("a", "valve1/0", [1, 2, 3, 1, 2, 9, 9, 9, 9, 9, 0, 0], new bool[12], 5);
        var r = SkabProtocolEvaluation.Evaluate([a], Features, Spec, FeatureNormalization.Identity(1), SumScores,
            new ScenarioSkabProtocol { Window = 3, Quantile = 0.5, Factor = 5 });  // UCL 30 > every window sum
        Assert.Equal(0, r.WholeFile.Alarms);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        var a = new SkabProtocolFile("a", "valve1/0", [1, 2, 3], [false, false], 2);
        Assert.Contains("valve1/0", Assert.Throws<ArgumentException>(() => Evaluate(a)).Message, StringComparison.Ordinal);
        var ok = new SkabProtocolFile("a", "valve1/0", new float[6], new bool[6], 4);
        var e = Assert.Throws<ScenarioException>(() => SkabProtocolEvaluation.Evaluate([ok], Features, Spec, FeatureNormalization.Identity(1), SumScores,
            new ScenarioSkabProtocol { Window = 60 }));
        Assert.Contains("model.window to 60", e.Message, StringComparison.Ordinal);
    }
}
