using FedAspire.Core.Learning;
using FedAspire.Core.Learning.Optimizers;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class OptimizerTests
{
    [Fact]
    public void Adam_matches_the_pytorch_update_over_two_steps()
    {
        // 45 values: 512-bit body (32), 256-bit body (8) and scalar tail (5).
        var w = Enumerable.Range(0, 45).Select(i => 1f + i).ToArray();
        var g1 = Enumerable.Range(0, 45).Select(i => (i % 3 - 1) * 0.5f + 0.1f * i).ToArray();
        var g2 = Enumerable.Range(0, 45).Select(i => 0.3f - 0.07f * i).ToArray();
        var adam = new AdamOptimizer(45, 0.1f);
        var expected = w.Select(v => (double)v).ToArray();
        double[] m = new double[45], v2 = new double[45];
        foreach (var (g, t) in new[] { (g1, 1), (g2, 2) })
        {
            adam.Step(w, g);
            for (int i = 0; i < 45; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v2[i] = 0.999 * v2[i] + 0.001 * g[i] * g[i];
                expected[i] -= 0.1 / (1 - Math.Pow(0.9, t)) * m[i] / (Math.Sqrt(v2[i]) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8);
            }
        }
        for (int i = 0; i < 45; i++) Assert.Equal(expected[i], w[i], 1e-5);
        Assert.Equal(90, adam.State.Length);
    }

    [Fact]
    public void Sgd_momentum_accumulates_velocity_like_pytorch()
    {
        var w = new[] { 1f, 2f };
        var sgd = new SgdOptimizer(2, 0.5f, 0.9f);
        sgd.Step(w, [1f, -2f]);   // v = g
        sgd.Step(w, [1f, -2f]);   // v = 0.9 g + g
        Assert.Equal(1 - 0.5f * 1 - 0.5f * 1.9f, w[0], 1e-6);
        Assert.Equal(2 + 0.5f * 2 + 0.5f * 3.8f, w[1], 1e-6);

        var plain = new[] { 1f };
        new SgdOptimizer(1, 0.1f, 0f).Step(plain, [2f]);
        Assert.Equal(0.8f, plain[0], 1e-6);
    }

    [Fact]
    public void Factory_builds_the_requested_optimizer()
    {
        Assert.IsType<AdamOptimizer>(ParameterOptimizer.Create(new TrainingOptions(Optimizer: OptimizerKind.Adam), 3));
        Assert.IsType<SgdOptimizer>(ParameterOptimizer.Create(new TrainingOptions(Optimizer: OptimizerKind.Sgd), 3));
    }
}
