namespace FedAspire.Core.Aggregation;

/// <summary>FedAdagrad (Reddi et al. 2021): v = v + delta^2.</summary>
public sealed class FedAdagrad : AdaptiveServerOptimizer
{
    /// <summary>Creates FedAdagrad for vectors of <paramref name="parameterCount"/> floats.</summary>
    public FedAdagrad(int parameterCount, float serverLearningRate = 1e-1f, float beta1 = 0f, float tau = 1e-3f)
        : base("fedadagrad", parameterCount, serverLearningRate, beta1, tau)
    {
    }

    /// <inheritdoc />
    protected override void UpdateSecondMoment(ReadOnlySpan<float> delta, Span<float> v)
    {
        for (int i = 0; i < v.Length; i++) v[i] += delta[i] * delta[i];
    }
}
