using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Argument checks shared by every strategy; messages name the offending client.</summary>
internal static class AggregationInput
{
    /// <summary>Cheap checks: non-empty list, no null entries, matching lengths, positive sample counts, finite global vector.</summary>
    public static void CheckShape(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0) throw new ArgumentException("Cannot aggregate an empty list of client updates.", nameof(updates));
        if (!TensorPrimitives.IsFiniteAll(global))
            throw new ArgumentException($"The global parameter vector has a non-finite value at index {FirstNonFinite(global)}.", nameof(global));
        for (int k = 0; k < updates.Count; k++)
        {
            var u = updates[k] ?? throw new ArgumentException($"Client update #{k} is null.", nameof(updates));
            if (u.Parameters is null)
                throw new ArgumentException($"Client '{u.ClientId}' sent no parameter vector.", nameof(updates));
            if (u.Parameters.Length != global.Length)
                throw new ArgumentException(
                    $"Client '{u.ClientId}' sent {u.Parameters.Length} parameters; the global model has {global.Length}.", nameof(updates));
            if (u.SampleCount <= 0)
                throw new ArgumentException($"Client '{u.ClientId}' reported {u.SampleCount} samples; a sample count must be positive.", nameof(updates));
        }
    }

    /// <summary>Full scan for NaN/infinity; strategies that sort or compare values need it before they start.</summary>
    public static void CheckFinite(IReadOnlyList<ClientUpdate> updates)
    {
        for (int k = 0; k < updates.Count; k++)
        {
            var p = updates[k].Parameters;
            if (!TensorPrimitives.IsFiniteAll<float>(p))
                throw new ArgumentException(
                    $"Client '{updates[k].ClientId}' sent a non-finite parameter at index {FirstNonFinite(p)}.", nameof(updates));
        }
    }

    /// <summary>Called when an aggregate came out non-finite: blames the first client with a non-finite value, else reports overflow.</summary>
    public static ArgumentException NonFiniteResult(IReadOnlyList<ClientUpdate> updates, string strategy)
    {
        for (int k = 0; k < updates.Count; k++)
        {
            var p = updates[k].Parameters;
            if (!TensorPrimitives.IsFiniteAll<float>(p))
                return new ArgumentException(
                    $"Client '{updates[k].ClientId}' sent a non-finite parameter at index {FirstNonFinite(p)}.", nameof(updates));
        }
        return new ArgumentException($"{strategy}: the aggregate overflowed the float range although every update is finite.", nameof(updates));
    }

    /// <summary>Total sample count, summed in double so many large counts cannot overflow.</summary>
    public static double TotalSamples(IReadOnlyList<ClientUpdate> updates)
    {
        double total = 0;
        for (int k = 0; k < updates.Count; k++) total += updates[k].SampleCount;
        return total;
    }

    internal static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
