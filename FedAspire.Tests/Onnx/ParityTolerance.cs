namespace FedAspire.Tests.Onnx;

/// <summary>
/// How close a float32 forward pass must come to the double-precision oracle: |actual - expected| &lt;= Relative·|expected| + Absolute·unit.
/// </summary>
/// <remarks>
/// Relative 1e-5 is ~80 float32 ulps, room for different summation orders (MLAS blocks its GEMMs) through a handful of layers.
/// The absolute term covers values that cancel to near zero, where a relative bound alone is meaningless: 1e-5 in normalized
/// units for reconstructions (times the feature's scale in raw units) and 1e-6 for scores, which are means of squares of O(1) errors.
/// </remarks>
internal static class ParityTolerance
{
    public const double Relative = 1e-5;
    public const double AbsoluteNormalized = 1e-5;
    public const double AbsoluteScore = 1e-6;

    /// <summary>Asserts every element is within tolerance; <paramref name="unit"/> gives the absolute scale of element i.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, Func<int, double> unit, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{what}[{i}] is {actual[i]} (expected {expected[i]}).");
            double allowed = Relative * Math.Abs(expected[i]) + absolute * unit(i);
            double excess = Math.Abs(actual[i] - expected[i]) / allowed;
            if (excess > worst) { worst = excess; worstIndex = i; }
        }
        Assert.True(worst <= 1, $"{what}[{worstIndex}] = {(worstIndex >= 0 ? actual[worstIndex] : 0)} but the reference says " +
            $"{(worstIndex >= 0 ? expected[worstIndex] : 0)}: {worst:F2}x the allowed error.");
    }
}
