namespace FedAspire.Core.Aggregation;

/// <summary>FedYogi (Reddi et al. 2021): v = v - (1 - b2) delta^2 sign(v - delta^2).</summary>
/// <remarks>Unlike Adam, v moves additively towards delta^2, so a single large pseudo-gradient cannot inflate it quickly.</remarks>
public sealed class FedYogi : AdaptiveServerOptimizer
{
    /// <summary>Creates FedYogi for vectors of <paramref name="parameterCount"/> floats.</summary>
    public FedYogi(int parameterCount, float serverLearningRate = 1e-2f, float beta1 = 0.9f, float beta2 = 0.99f, float tau = 1e-3f)
        : base("fedyogi", parameterCount, serverLearningRate, beta1, tau)
    {
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Beta2 must be in [0, 1).");
        Beta2 = beta2;
    }

    /// <summary>Second-moment step (1 - b2) scale.</summary>
    public float Beta2 { get; }

    /// <inheritdoc />
    protected override void UpdateSecondMoment(ReadOnlySpan<float> delta, Span<float> v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            float d2 = delta[i] * delta[i];
            v[i] -= (1f - Beta2) * d2 * MathF.Sign(v[i] - d2);
        }
    }
}
