using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Base of strategies that treat the FedAvg pseudo-gradient as a gradient for a server-side optimizer (Reddi et al. 2021).</summary>
/// <remarks>
/// Each round: avg = FedAvg(updates); delta = avg - global; the derived class turns delta into the new global vector and updates its
/// moments. The moments live in one contiguous state vector (<see cref="StateVectors"/> blocks of the parameter count) so a checkpoint
/// stores them as one float[]. Instances are not thread-safe: one per federation, called from its aggregator.
/// </remarks>
public abstract class ServerOptimizerStrategy : IAggregationStrategy
{
    private readonly float[] _state;

    /// <summary>Allocates zeroed moments: <paramref name="stateVectors"/> vectors of <paramref name="parameterCount"/> floats.</summary>
    protected ServerOptimizerStrategy(string name, int parameterCount, int stateVectors, float serverLearningRate)
    {
        if (parameterCount < 1) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "A model has at least one parameter.");
        if (!(serverLearningRate > 0) || !float.IsFinite(serverLearningRate))
            throw new ArgumentOutOfRangeException(nameof(serverLearningRate), serverLearningRate, "The server learning rate must be a positive finite number.");
        Name = name;
        ParameterCount = parameterCount;
        StateVectors = stateVectors;
        ServerLearningRate = serverLearningRate;
        _state = new float[parameterCount * stateVectors];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Length of the parameter vectors this instance aggregates.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of per-parameter moment vectors in the state.</summary>
    public int StateVectors { get; }

    /// <summary>Server step size eta.</summary>
    public float ServerLearningRate { get; }

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        if (global.Length != ParameterCount)
            throw new ArgumentException($"{Name} was created for {ParameterCount} parameters; the global vector has {global.Length}.", nameof(global));
        AggregationInput.CheckShape(global, updates);
        var delta = new float[ParameterCount];
        FedAvg.WeightedAverage(updates, delta);
        if (!TensorPrimitives.IsFiniteAll<float>(delta)) throw AggregationInput.NonFiniteResult(updates, Name);
        TensorPrimitives.Subtract(delta, global, delta);
        var result = new float[ParameterCount];
        Step(global, delta, _state, result);
        return result;
    }

    /// <summary>Updates <paramref name="state"/> with the pseudo-gradient <paramref name="delta"/> (= avg - global) and writes the new global vector.</summary>
    /// <param name="global">Current global parameters.</param>
    /// <param name="delta">avg - global; the method may overwrite it as scratch.</param>
    /// <param name="state">This strategy's moments, <see cref="StateVectors"/> x <see cref="ParameterCount"/>.</param>
    /// <param name="result">Receives the new global parameters.</param>
    protected abstract void Step(ReadOnlySpan<float> global, Span<float> delta, Span<float> state, Span<float> result);

    /// <inheritdoc />
    public float[] ExportState() => (float[])_state.Clone();

    /// <inheritdoc />
    public void ImportState(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != _state.Length)
            throw new ArgumentException($"{Name} state for {ParameterCount} parameters has {_state.Length} values; got {state.Length}.", nameof(state));
        if (!TensorPrimitives.IsFiniteAll<float>(state))
            throw new ArgumentException($"{Name} state has a non-finite value at index {AggregationInput.FirstNonFinite(state)}.", nameof(state));
        state.CopyTo(_state, 0);
    }
}
