using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>FedAvg with server momentum (Hsu et al. 2019), as in Flower's FedAvgM.</summary>
/// <remarks>
/// g = global - avg (pseudo-gradient); v = beta v + g (v starts at 0, so the first round has v = g); w = global - eta v.
/// With beta = 0 and eta = 1 this is plain FedAvg.
/// </remarks>
public sealed class FedAvgM : ServerOptimizerStrategy
{
    /// <summary>Creates FedAvgM for vectors of <paramref name="parameterCount"/> floats.</summary>
    public FedAvgM(int parameterCount, float serverLearningRate = 1f, float serverMomentum = 0.9f)
        : base("fedavgm", parameterCount, stateVectors: 1, serverLearningRate)
    {
        if (!(serverMomentum >= 0 && serverMomentum < 1))
            throw new ArgumentOutOfRangeException(nameof(serverMomentum), serverMomentum, "Server momentum must be in [0, 1).");
        ServerMomentum = serverMomentum;
    }

    /// <summary>Momentum beta.</summary>
    public float ServerMomentum { get; }

    /// <inheritdoc />
    protected override void Step(ReadOnlySpan<float> global, Span<float> delta, Span<float> state, Span<float> result)
    {
        // g = -delta; v = beta v + g; w = global - eta v.
        TensorPrimitives.Negate(delta, delta);
        TensorPrimitives.MultiplyAdd(state, ServerMomentum, delta, state);
        TensorPrimitives.MultiplyAdd(state, -ServerLearningRate, global, result);
    }
}
