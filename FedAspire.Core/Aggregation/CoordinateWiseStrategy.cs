namespace FedAspire.Core.Aggregation;

/// <summary>Base of robust strategies that reduce each coordinate independently from its sorted client values (median, trimmed mean).</summary>
/// <remarks>
/// Works in column blocks: <see cref="BlockSize"/> coordinates of all N clients are gathered into one reusable buffer
/// (coordinate-major), each column is sorted and reduced, so memory beyond the inputs is BlockSize x N floats, never N x P.
/// These rules are unweighted: a robust statistic must not let one client buy influence with a large sample count.
/// </remarks>
public abstract class CoordinateWiseStrategy : IAggregationStrategy
{
    /// <summary>Coordinates gathered per block.</summary>
    public const int BlockSize = 256;

    /// <summary>Sets the registry name.</summary>
    protected CoordinateWiseStrategy(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        AggregationInput.CheckShape(global, updates);
        AggregationInput.CheckFinite(updates);
        CheckClientCount(updates.Count);

        int n = updates.Count, length = global.Length;
        var result = new float[length];
        var columns = new float[Math.Min(BlockSize, Math.Max(length, 1)) * n];
        for (int start = 0; start < length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, length - start);
            for (int k = 0; k < n; k++)
            {
                var source = updates[k].Parameters.AsSpan(start, count);
                for (int c = 0; c < count; c++) columns[c * n + k] = source[c];
            }
            for (int c = 0; c < count; c++)
            {
                var column = columns.AsSpan(c * n, n);
                column.Sort();
                result[start + c] = Reduce(column);
            }
        }
        return result;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the rule is undefined for <paramref name="clientCount"/> clients.</summary>
    protected virtual void CheckClientCount(int clientCount)
    {
    }

    /// <summary>The aggregate of one coordinate from its client values sorted ascending.</summary>
    protected abstract float Reduce(ReadOnlySpan<float> sorted);

    /// <inheritdoc />
    public float[] ExportState() => [];

    /// <inheritdoc />
    public void ImportState(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 0) throw new ArgumentException($"{Name} is stateless; expected an empty state, got {state.Length} values.", nameof(state));
    }
}
