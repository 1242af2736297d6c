using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Krum and Multi-Krum (Blanchard et al. 2017): keep the updates closest to their neighbours, discard outliers.</summary>
/// <remarks>
/// score_i = sum of squared L2 distances from update i to its n - f - 2 nearest other updates (at least 1, as in Flower, so small
/// federations still aggregate; Byzantine resilience needs n &gt; 2f + 2). Krum returns the update with the lowest score;
/// Multi-Krum returns the sample-weighted FedAvg of the m lowest-scoring updates (m = n - f when not given).
/// Ties are broken by list position. Cost: n^2 / 2 distance evaluations of P floats.
/// </remarks>
public sealed class Krum : IAggregationStrategy
{
    /// <summary>Creates Krum (<paramref name="selectCount"/> = 1) or Multi-Krum (<paramref name="selectCount"/> = m, 0 meaning n - f).</summary>
    public Krum(int byzantineCount = 1, int selectCount = 1, string? name = null)
    {
        if (byzantineCount < 0) throw new ArgumentOutOfRangeException(nameof(byzantineCount), byzantineCount, "The Byzantine count f must be >= 0.");
        if (selectCount < 0) throw new ArgumentOutOfRangeException(nameof(selectCount), selectCount, "The Multi-Krum selection m must be >= 0 (0 = n - f).");
        ByzantineCount = byzantineCount;
        SelectCount = selectCount;
        Name = name ?? (selectCount == 1 ? "krum" : "multi-krum");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Assumed number of Byzantine clients f.</summary>
    public int ByzantineCount { get; }

    /// <summary>Updates averaged (1 = Krum; 0 = n - f).</summary>
    public int SelectCount { get; }

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        AggregationInput.CheckShape(global, updates);
        AggregationInput.CheckFinite(updates);
        var order = Rank(updates, ByzantineCount);
        int n = updates.Count;
        int m = SelectCount == 0 ? Math.Max(n - ByzantineCount, 1) : Math.Min(SelectCount, n);
        if (m == 1) return (float[])updates[order[0]].Parameters.Clone();

        var selected = new ClientUpdate[m];
        for (int i = 0; i < m; i++) selected[i] = updates[order[i]];
        var result = new float[global.Length];
        FedAvg.WeightedAverage(selected, result);
        if (!TensorPrimitives.IsFiniteAll<float>(result)) throw AggregationInput.NonFiniteResult(selected, Name);
        return result;
    }

    /// <summary>Krum scores of <paramref name="updates"/> (lower is more central).</summary>
    public static double[] Scores(IReadOnlyList<ClientUpdate> updates, int byzantineCount)
    {
        var distances = SquaredDistances(updates);
        int n = updates.Count;
        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        var scores = new double[n];
        var scratch = new double[n];
        for (int i = 0; i < n; i++) scores[i] = Score(distances, n, all, i, byzantineCount, scratch);
        return scores;
    }

    /// <summary>The n x n matrix (row-major) of squared L2 distances between <paramref name="updates"/>.</summary>
    internal static double[] SquaredDistances(IReadOnlyList<ClientUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        int n = updates.Count;
        for (int k = 1; k < n; k++)
            if (updates[k].Parameters.Length != updates[0].Parameters.Length)
                throw new ArgumentException(
                    $"Client '{updates[k].ClientId}' sent {updates[k].Parameters.Length} parameters; client '{updates[0].ClientId}' sent {updates[0].Parameters.Length}.",
                    nameof(updates));
        var distances = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                // Distance accumulates in float; squaring in double keeps wild (e.g. 1e6-valued) updates finite.
                double d = TensorPrimitives.Distance(updates[i].Parameters, updates[j].Parameters);
                distances[i * n + j] = distances[j * n + i] = d * d;
            }
        return distances;
    }

    /// <summary>
    /// Krum score of update <paramref name="i"/> among the updates <paramref name="among"/> (indices into the n x n
    /// <paramref name="distances"/>, <paramref name="i"/> one of them): the sum of its max(|among| - f - 2, 1) smallest squared
    /// distances to the others. <paramref name="scratch"/> holds at least |among| values.
    /// </summary>
    internal static double Score(double[] distances, int n, ReadOnlySpan<int> among, int i, int byzantineCount, Span<double> scratch)
    {
        int neighbours = Math.Max(among.Length - byzantineCount - 2, 1);
        var row = scratch[..Math.Max(among.Length - 1, 0)];
        int r = 0;
        foreach (int j in among)
            if (j != i) row[r++] = distances[i * n + j];
        row.Sort();
        double score = 0;
        for (int j = 0; j < Math.Min(neighbours, row.Length); j++) score += row[j];
        return score;
    }

    // Indices of updates by ascending score, ties by position.
    private static int[] Rank(IReadOnlyList<ClientUpdate> updates, int byzantineCount)
    {
        var scores = Scores(updates, byzantineCount);
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[a].CompareTo(scores[b]) : a.CompareTo(b));
        return order;
    }

    /// <inheritdoc />
    public float[] ExportState() => [];

    /// <inheritdoc />
    public void ImportState(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 0) throw new ArgumentException($"{Name} is stateless; expected an empty state, got {state.Length} values.", nameof(state));
    }
}
