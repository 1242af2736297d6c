using FedAspire.Core.Learning.Network;

namespace FedAspire.Tests.Learning;

/// <summary>The SGEMM kernel against a naive double-precision product, for every tile width, edge and epilogue.</summary>
[Trait("Area", "Learning")]
public sealed unsafe class MatrixKernelsTests
{
    private const float Sentinel = 12345f;

    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        // n covers 64/32/16/8-wide tiles, partial edges (n % 8 != 0) and n < 8; m covers the 4-row tiles and the single-row tail.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 7), (4, 8, 1), (5, 52, 64), (7, 56, 3), (9, 121, 17), (64, 64, 52), (6, 100, 2) })
            foreach (var epilogue in Enum.GetValues<GemmEpilogue>())
                data.Add(m, n, k, (int)epilogue);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_matches_a_naive_product_and_never_writes_past_n(int m, int n, int k, int epilogueValue)
    {
        var epilogue = (GemmEpilogue)epilogueValue;
        var random = new Random(m * 1000 + n * 10 + k);
        int padded = (n + MatrixKernels.Lane - 1) / MatrixKernels.Lane * MatrixKernels.Lane;
        // A is read transposed (ams = 1, aks = m + 3) to exercise the strides; C is unpadded with two extra sentinel columns.
        int aks = m + 3, ldc = n + 2;
        float[] a = Random(random, k * aks), b = Random(random, k * padded), bias = Random(random, padded);
        float[] y = Random(random, m * padded), c = new float[m * ldc];
        for (int i = 0; i < c.Length; i++) c[i] = i % ldc < n ? (float)random.NextDouble() : Sentinel;
        var before = (float[])c.Clone();

        fixed (float* pa = a, pb = b, pc = c, pbias = bias, py = y)
            MatrixKernels.Multiply(m, n, k, pa, 1, aks, pb, padded, pc, ldc, pbias, epilogue, py, padded);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (double)a[i + p * aks] * b[p * padded + j];
                double expected = epilogue switch
                {
                    GemmEpilogue.Store => bias[j] + sum,
                    GemmEpilogue.Accumulate => before[i * ldc + j] + sum,
                    GemmEpilogue.Relu => Math.Max(bias[j] + sum, 0),
                    _ => y[i * padded + j] > 0 ? bias[j] + sum : 0,
                };
                Assert.True(Math.Abs(c[i * ldc + j] - expected) <= 1e-5 * (1 + k), $"C[{i}, {j}] = {c[i * ldc + j]}, expected {expected}");
            }
            Assert.Equal(Sentinel, c[i * ldc + n]);
            Assert.Equal(Sentinel, c[i * ldc + n + 1]);
        }
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
