using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Federated averaging (McMahan et al. 2017): the sample-weighted mean of the client parameter vectors.</summary>
/// <remarks>
/// w = sum_k (n_k / N) w_k with N = sum_k n_k. FedProx (Li et al. 2020) is this same rule on the server; its proximal term lives in the client's loss.
/// The mean streams through the inputs once: the output is split into cache-sized coordinate blocks and the clients' slices are
/// fused-multiply-added into the block four at a time (<see cref="WeightedSumKernel"/>), so no N x P copy exists. Every coordinate sums the clients in list order whatever the
/// block split or thread count, so results are bit-identical run to run.
/// </remarks>
public sealed class FedAvg : IAggregationStrategy
{
    // 8192 floats = 32 KiB: the output block stays in L1 while four client slices at a time stream past it.
    private const int BlockSize = 8192;

    // Below this many input floats one thread is faster than waking others.
    private const long ParallelThreshold = 1L << 22;

    /// <summary>Creates FedAvg under the given registry name ("fedavg" or "fedprox").</summary>
    public FedAvg(string name = "fedavg") => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        AggregationInput.CheckShape(global, updates);
        var result = new float[global.Length];
        WeightedAverage(updates, result);
        if (!TensorPrimitives.IsFiniteAll<float>(result)) throw AggregationInput.NonFiniteResult(updates, Name);
        return result;
    }

    /// <inheritdoc />
    public float[] ExportState() => [];

    /// <inheritdoc />
    public void ImportState(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 0) throw new ArgumentException($"{Name} is stateless; expected an empty state, got {state.Length} values.", nameof(state));
    }

    /// <summary>Writes the sample-weighted mean of <paramref name="updates"/> (already shape-checked) into <paramref name="destination"/>.</summary>
    internal static void WeightedAverage(IReadOnlyList<ClientUpdate> updates, float[] destination)
    {
        var weights = new float[updates.Count];
        double total = AggregationInput.TotalSamples(updates);
        for (int k = 0; k < weights.Length; k++) weights[k] = (float)(updates[k].SampleCount / total);

        int length = destination.Length;
        int blocks = (length + BlockSize - 1) / BlockSize;
        if ((long)length * updates.Count >= ParallelThreshold && blocks > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, blocks, b => AccumulateBlock(updates, weights, destination, b));
        }
        else
        {
            for (int b = 0; b < blocks; b++) AccumulateBlock(updates, weights, destination, b);
        }
    }

    // destination[block] = sum_k weights[k] * updates[k][block], in client order.
    private static void AccumulateBlock(IReadOnlyList<ClientUpdate> updates, float[] weights, Span<float> destination, int block)
    {
        int start = block * BlockSize;
        WeightedSumKernel.Accumulate(updates, weights, start, destination.Slice(start, Math.Min(BlockSize, destination.Length - start)));
    }
}
