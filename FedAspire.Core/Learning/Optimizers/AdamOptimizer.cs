using System.Runtime.Intrinsics;

namespace FedAspire.Core.Learning.Optimizers;

/// <summary>
/// Adam as PyTorch computes it: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps).
/// </summary>
/// <remarks>State is [m (n floats), v (n floats)] in one array.</remarks>
internal sealed unsafe class AdamOptimizer : ParameterOptimizer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly float _learningRate;
    private readonly float[] _moments;
    private readonly int _count;
    private int _step;

    public AdamOptimizer(int parameterCount, float learningRate)
    {
        _learningRate = learningRate;
        _count = parameterCount;
        _moments = new float[2 * parameterCount];
    }

    public override float[] State => _moments;

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (parameters.Length != _count || gradient.Length != _count)
            throw new ArgumentException($"Adam was built for {_count} parameters; got {parameters.Length} parameters and {gradient.Length} gradients.");
        _step++;
        float stepSize = (float)(_learningRate / (1 - Math.Pow(Beta1, _step)));
        float inverseCorrection2 = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, _step)));
        fixed (float* w = parameters, g = gradient, state = _moments)
        {
            float* m = state, v = state + _count;
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var b1w = Vector512.Create(Beta1); var c1w = Vector512.Create(1 - Beta1);
                var b2w = Vector512.Create(Beta2); var c2w = Vector512.Create(1 - Beta2);
                var epsw = Vector512.Create(Epsilon); var lrw = Vector512.Create(stepSize); var k2w = Vector512.Create(inverseCorrection2);
                for (; i + 16 <= _count; i += 16)
                {
                    var gi = Vector512.Load(g + i);
                    var mi = b1w * Vector512.Load(m + i) + c1w * gi;
                    var vi = b2w * Vector512.Load(v + i) + c2w * (gi * gi);
                    mi.Store(m + i);
                    vi.Store(v + i);
                    (Vector512.Load(w + i) - lrw * mi / (Vector512.Sqrt(vi) * k2w + epsw)).Store(w + i);
                }
            }
            var b1 = Vector256.Create(Beta1); var c1 = Vector256.Create(1 - Beta1);
            var b2 = Vector256.Create(Beta2); var c2 = Vector256.Create(1 - Beta2);
            var eps = Vector256.Create(Epsilon); var lr = Vector256.Create(stepSize); var k2 = Vector256.Create(inverseCorrection2);
            for (; i + 8 <= _count; i += 8)
            {
                var gi = Vector256.Load(g + i);
                var mi = b1 * Vector256.Load(m + i) + c1 * gi;
                var vi = b2 * Vector256.Load(v + i) + c2 * (gi * gi);
                mi.Store(m + i);
                vi.Store(v + i);
                (Vector256.Load(w + i) - lr * mi / (Vector256.Sqrt(vi) * k2 + eps)).Store(w + i);
            }
            for (; i < _count; i++)
            {
                float gi = g[i];
                m[i] = Beta1 * m[i] + (1 - Beta1) * gi;
                v[i] = Beta2 * v[i] + (1 - Beta2) * (gi * gi);
                w[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * inverseCorrection2 + Epsilon);
            }
        }
    }
}
