using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Shared step of FedAdam, FedYogi and FedAdagrad (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2).</summary>
/// <remarks>
/// delta = avg - global; m = b1 m + (1 - b1) delta; v updated by the variant; w = global + eta m / (sqrt(v) + tau).
/// m and v start at 0 (as in Flower) and there is no bias correction (as in the paper). State layout: [m (P floats), v (P floats)].
/// </remarks>
public abstract class AdaptiveServerOptimizer : ServerOptimizerStrategy
{
    /// <summary>Validates the hyper-parameters and allocates m and v.</summary>
    protected AdaptiveServerOptimizer(string name, int parameterCount, float serverLearningRate, float beta1, float tau)
        : base(name, parameterCount, stateVectors: 2, serverLearningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Beta1 must be in [0, 1).");
        if (!(tau > 0) || !float.IsFinite(tau)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "Tau must be a positive finite number.");
        Beta1 = beta1;
        Tau = tau;
    }

    /// <summary>First-moment decay.</summary>
    public float Beta1 { get; }

    /// <summary>Adaptivity: offset added to sqrt(v).</summary>
    public float Tau { get; }

    /// <inheritdoc />
    protected sealed override void Step(ReadOnlySpan<float> global, Span<float> delta, Span<float> state, Span<float> result)
    {
        var m = state[..ParameterCount];
        var v = state[ParameterCount..];
        // m = b1 m + (1 - b1) delta
        TensorPrimitives.Multiply(m, Beta1, m);
        TensorPrimitives.MultiplyAdd(delta, 1f - Beta1, m, m);
        UpdateSecondMoment(delta, v);
        // w = global + eta m / (sqrt(v) + tau), using delta as scratch for the denominator.
        TensorPrimitives.Sqrt(v, delta);
        TensorPrimitives.Add(delta, Tau, delta);
        TensorPrimitives.Divide(m, delta, delta);
        TensorPrimitives.MultiplyAdd(delta, ServerLearningRate, global, result);
    }

    /// <summary>The variant's second-moment rule: v from v and delta (delta must not be modified).</summary>
    protected abstract void UpdateSecondMoment(ReadOnlySpan<float> delta, Span<float> v);
}
