using FedAspire.Core.Baselines;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Baselines;

[Trait("Area", "Learning")]
public sealed class IsolationForestTests
{
    [Fact]
    public void Average_path_length_matches_the_paper()
    {
        Assert.Equal(0, IsolationForest.AveragePathLength(1));
        Assert.Equal(1, IsolationForest.AveragePathLength(2));
        // c(256) = 2 (ln 255 + gamma) - 2 * 255 / 256
        Assert.Equal(2 * (Math.Log(255) + 0.5772156649015329) - 2.0 * 255 / 256, IsolationForest.AveragePathLength(256), 12);
    }

    [Fact]
    public void Outliers_score_above_inliers_in_the_open_unit_interval_and_the_seed_fixes_the_scores()
    {
        var (train, test, labels) = Data();
        var forest = IsolationForest.Fit(train, 3, seed: 7);
        Assert.Equal((100, 256), (forest.Trees, forest.SubsampleSize));
        var scores = forest.Score(test);
        Assert.All(scores, s => Assert.True(s > 0 && s < 1, $"score {s} outside (0, 1)"));
        double inliers = scores.Where((_, i) => !labels[i]).Average(), outliers = scores.Where((_, i) => labels[i]).Average();
        Assert.True(outliers > inliers + 0.03, $"outliers {outliers:F3} should score above inliers {inliers:F3}");
        float far = forest.ScoreSample([5f, 5f, 5f]);
        Assert.True(far > scores.Max() - 1e-6f, "a point far from all training data is the most anomalous");

        Assert.Equal(scores, IsolationForest.Fit(train, 3, seed: 7).Score(test));
        Assert.NotEqual(scores, IsolationForest.Fit(train, 3, seed: 8).Score(test));
    }

    // Reference: /usr/bin/python3 (Debian python3-sklearn 1.2.1, numpy 1.24.2) on the same data as float32 (the generator below is
    // ported bit for bit): sklearn.ensemble.IsolationForest(n_estimators=100, max_samples=256, random_state=s).fit(train), then
    // sklearn.metrics.roc_auc_score(y, -forest.score_samples(test)) for s = 0..19: mean 0.80626, min 0.79288, max 0.81575, std 0.0056.
    // The trees are random, so agreement is asked on the ranking level: our ROC-AUC within 0.02 of sklearn's mean, for several seeds.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    public void Ranking_agrees_with_scikit_learn(long seed)
    {
        var (train, test, labels) = Data();
        var scores = IsolationForest.Fit(train, 3, seed).Score(test);
        var (roc, _) = DetectionMetrics.RankingAucs(scores, labels);
        Assert.InRange(roc, 0.80626 - 0.02, 0.80626 + 0.02);
    }

    [Fact]
    public void Constant_data_and_bad_input_are_handled()
    {
        var forest = IsolationForest.Fit([1f, 1f, 1f, 1f, 1f, 1f], 2, seed: 1);
        Assert.Equal(3, forest.SubsampleSize);
        Assert.InRange(forest.ScoreSample([1f, 1f]), 0f, 1f);
        Assert.Throws<ArgumentException>(() => IsolationForest.Fit([1f, 2f], 2, seed: 1));
        Assert.Throws<ArgumentException>(() => IsolationForest.Fit([1f, float.NaN, 2f, 3f], 2, seed: 1));
    }

    /// <summary>400 training points and 200 inliers + 40 outliers (one coordinate shifted by 0.6..1.8), as in the Python reference.</summary>
    private static (float[] Train, float[] Test, bool[] Labels) Data()
    {
        const int d = 3;
        var train = new float[400 * d];
        for (int i = 0; i < train.Length; i++) train[i] = (float)G(i);
        var test = new List<float>();
        var labels = new List<bool>();
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j < d; j++) test.Add((float)G(100000 + i * d + j));
            labels.Add(false);
        }
        for (int i = 0; i < 40; i++)
        {
            var p = new double[d];
            for (int j = 0; j < d; j++) p[j] = G(200000 + i * d + j);
            p[i % d] += (H(300000 + i) < 0.5 ? 1 : -1) * (0.6 + 1.2 * H(400000 + i));
            foreach (var v in p) test.Add((float)v);
            labels.Add(true);
        }
        return (train, test.ToArray(), labels.ToArray());
    }

    private static double G(long k) => H(3 * k) + H(3 * k + 1) + H(3 * k + 2) - 1.5;

    private static double H(long k)
    {
        unchecked
        {
            ulong z = (ulong)k * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) / 9007199254740992.0;
        }
    }
}
