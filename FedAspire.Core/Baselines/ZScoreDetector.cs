using System.Numerics.Tensors;

namespace FedAspire.Core.Baselines;

/// <summary>
/// A participant's z-score detector: per-feature mean and standard deviation of its own training rows; a window scores the mean over
/// its readings of the largest squared z-score among the reading's features. Missing (NaN) values are ignored when fitting and scoring.
/// </summary>
/// <remarks>
/// The max over features flags a reading when any one sensor leaves its normal range, which a sum or mean over features would dilute
/// with the quiet ones as the feature count grows; the mean over the window's readings matches the autoencoder's mean over its window,
/// so both score a window, not its worst single reading. Squared z (not |z|) keeps the score on the scale of a squared error, as the
/// autoencoder's MSE is. A feature never observed in training cannot be standardized and is ignored; a feature constant in training
/// gets a tiny floor on its deviation, so any change from the constant scores high but finite (thresholds need finite scores).
/// </remarks>
public sealed class ZScoreDetector
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    private ZScoreDetector(float[] mean, float[] inverseStd)
    {
        _mean = mean;
        _inverseStd = inverseStd;
    }

    /// <summary>Features per reading.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>Per-feature training mean (NaN for a feature never observed).</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Per-feature 1 / standard deviation (population; NaN for a feature never observed).</summary>
    public ReadOnlySpan<float> InverseStd => _inverseStd;

    /// <summary>Fits means and deviations on <paramref name="rows"/> ([n, <paramref name="featureCount"/>], NaN = missing).</summary>
    public static ZScoreDetector Fit(ReadOnlySpan<float> rows, int featureCount)
    {
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "At least one feature is needed.");
        if (rows.Length % featureCount != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of {featureCount} features.", nameof(rows));
        var count = new long[featureCount];
        var mean = new double[featureCount];
        var m2 = new double[featureCount];
        // Welford's update: one pass, stable for sensors with a large offset and a small spread.
        for (int i = 0, f = 0; i < rows.Length; i++, f = f + 1 == featureCount ? 0 : f + 1)
        {
            float x = rows[i];
            if (float.IsNaN(x)) continue;
            long n = ++count[f];
            double delta = x - mean[f];
            mean[f] += delta / n;
            m2[f] += delta * (x - mean[f]);
        }
        var mu = new float[featureCount];
        var inverse = new float[featureCount];
        for (int f = 0; f < featureCount; f++)
        {
            if (count[f] == 0) { mu[f] = float.NaN; inverse[f] = float.NaN; continue; }
            double std = Math.Sqrt(m2[f] / count[f]);
            double floor = 1e-6 * Math.Max(1, Math.Abs(mean[f]));
            mu[f] = (float)mean[f];
            inverse[f] = (float)(1 / Math.Max(std, floor));
        }
        return new ZScoreDetector(mu, inverse);
    }

    /// <summary>Scores windows ([count, <paramref name="window"/> x features], time-major, NaN = missing) into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> windows, int window, Span<float> scores)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "Window must be >= 1.");
        int f = FeatureCount, size = window * f;
        if (windows.Length % size != 0) throw new ArgumentException($"{windows.Length} values are not whole windows of {size}.", nameof(windows));
        int count = windows.Length / size;
        if (scores.Length != count) throw new ArgumentException($"{scores.Length} scores for {count} windows.", nameof(scores));
        Span<float> z = f <= 256 ? stackalloc float[f] : new float[f];
        for (int w = 0; w < count; w++)
        {
            double sum = 0;
            int readings = 0;
            for (int r = 0; r < window; r++)
            {
                TensorPrimitives.Subtract(windows.Slice(w * size + r * f, f), _mean, z);
                TensorPrimitives.Multiply(z, _inverseStd, z);
                TensorPrimitives.Multiply(z, z, z);
                // NaN (missing value or unfitted feature) never compares greater, so it drops out of the max by itself.
                float max = -1;
                foreach (var v in z) if (v > max) max = v;
                if (max < 0) continue;
                sum += max;
                readings++;
            }
            // A window with nothing observed carries no evidence of an anomaly, as the autoencoder's masked error is 0 there.
            scores[w] = readings == 0 ? 0 : (float)(sum / readings);
        }
    }

    /// <summary>Scores of windows ([count, <paramref name="window"/> x features]).</summary>
    public float[] Score(ReadOnlySpan<float> windows, int window)
    {
        var scores = new float[windows.Length / Math.Max(1, window * FeatureCount)];
        Score(windows, window, scores);
        return scores;
    }
}
