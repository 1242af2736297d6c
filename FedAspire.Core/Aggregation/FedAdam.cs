namespace FedAspire.Core.Aggregation;

/// <summary>FedAdam (Reddi et al. 2021): v = b2 v + (1 - b2) delta^2.</summary>
public sealed class FedAdam : AdaptiveServerOptimizer
{
    /// <summary>Creates FedAdam for vectors of <paramref name="parameterCount"/> floats.</summary>
    public FedAdam(int parameterCount, float serverLearningRate = 1e-2f, float beta1 = 0.9f, float beta2 = 0.99f, float tau = 1e-3f)
        : base("fedadam", parameterCount, serverLearningRate, beta1, tau)
    {
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Beta2 must be in [0, 1).");
        Beta2 = beta2;
    }

    /// <summary>Second-moment decay.</summary>
    public float Beta2 { get; }

    /// <inheritdoc />
    protected override void UpdateSecondMoment(ReadOnlySpan<float> delta, Span<float> v)
    {
        for (int i = 0; i < v.Length; i++) v[i] = Beta2 * v[i] + (1f - Beta2) * delta[i] * delta[i];
    }
}
