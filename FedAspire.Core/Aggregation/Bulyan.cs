using System.Runtime.InteropServices;

namespace FedAspire.Core.Aggregation;

/// <summary>Bulyan (El Mhamdi et al. 2018): a selection set by repeated Krum, then a coordinate-wise trimmed mean around its median.</summary>
/// <remarks>
/// With n updates and f assumed Byzantine ones (n &gt;= 4f + 3, refused otherwise):
/// 1. Selection: θ = n - 2f times, run Krum (scores over the updates not yet selected, max(remaining - f - 2, 1) neighbours)
///    and move the lowest-scoring update into the selection set.
/// 2. Aggregation: per coordinate, the median of the θ selected values (even θ: mean of the two middle ones, as numpy), then the
///    unweighted mean of the β = θ - 2f values closest to that median.
/// This is Flower's <c>Bulyan</c> with its default first rule (<c>aggregate_krum</c>, Krum with one winner). Ties in the selection
/// (certain once one neighbour is scored: two mutual nearest neighbours score the same) go to the smaller client id, which is
/// Flower's first-in-list (numpy's argmin) for updates in id order, as the aggregator passes them, and keeps the result independent
/// of arrival order; ties in the aggregation go to the lower value (numpy's argpartition leaves them unspecified). Cost: n^2 / 2 distance evaluations, θ n^2 log n for the scores, and a sort of θ values per coordinate.
/// </remarks>
public sealed class Bulyan : IAggregationStrategy
{
    /// <summary>Creates Bulyan assuming at most <paramref name="byzantineCount"/> Byzantine updates per round.</summary>
    public Bulyan(int byzantineCount = 1)
    {
        if (byzantineCount < 0) throw new ArgumentOutOfRangeException(nameof(byzantineCount), byzantineCount, "The Byzantine count f must be >= 0.");
        ByzantineCount = byzantineCount;
    }

    /// <inheritdoc />
    public string Name => "bulyan";

    /// <summary>Assumed number of Byzantine clients f.</summary>
    public int ByzantineCount { get; }

    /// <summary>The fewest updates Bulyan aggregates with <paramref name="byzantineCount"/> Byzantine ones: 4f + 3.</summary>
    public static int MinimumUpdates(int byzantineCount) => 4 * byzantineCount + 3;

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates)
    {
        AggregationInput.CheckShape(global, updates);
        AggregationInput.CheckFinite(updates);
        int n = updates.Count, f = ByzantineCount;
        if (n < MinimumUpdates(f))
            throw new ArgumentException(
                $"Bulyan with f = {f} Byzantine updates needs n >= 4f + 3 = {MinimumUpdates(f)} updates; got n = {n}. " +
                "Lower ByzantineCount or add participants.", nameof(updates));

        var selected = Select(updates, f);
        var chosen = new ClientUpdate[selected.Length];
        for (int k = 0; k < selected.Length; k++) chosen[k] = updates[selected[k]];
        return new MedianNeighbourhoodMean(selected.Length - 2 * f).Aggregate(global, chosen);
    }

    /// <summary>The θ = n - 2f indices of <paramref name="updates"/> Bulyan's repeated Krum selects, in the order it selects them.</summary>
    public static int[] Select(IReadOnlyList<ClientUpdate> updates, int byzantineCount)
    {
        var distances = Krum.SquaredDistances(updates);
        int n = updates.Count;
        int theta = Math.Max(n - 2 * byzantineCount, 0);
        var remaining = new List<int>(n);
        for (int i = 0; i < n; i++) remaining.Add(i);
        var scratch = new double[n];
        var selected = new int[theta];
        for (int s = 0; s < theta; s++)
        {
            var among = CollectionsMarshal.AsSpan(remaining);
            int best = 0;
            double bestScore = double.PositiveInfinity;
            for (int r = 0; r < among.Length; r++)
            {
                double score = Krum.Score(distances, n, among, among[r], byzantineCount, scratch);
                // Two mutual nearest neighbours tie whenever one neighbour is scored (the last steps), so ties are common: the
                // smaller client id wins, which keeps the rule independent of arrival order.
                if (score < bestScore || (score == bestScore && string.CompareOrdinal(updates[among[r]].ClientId, updates[among[best]].ClientId) < 0))
                    (best, bestScore) = (r, score);
            }
            selected[s] = remaining[best];
            remaining.RemoveAt(best);
        }
        return selected;
    }

    /// <inheritdoc />
    public float[] ExportState() => [];

    /// <inheritdoc />
    public void ImportState(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 0) throw new ArgumentException($"{Name} is stateless; expected an empty state, got {state.Length} values.", nameof(state));
    }

    // Bulyan's second step on the selection set: per coordinate, the mean of the beta values closest to the median.
    private sealed class MedianNeighbourhoodMean(int beta) : CoordinateWiseStrategy("bulyan")
    {
        protected override float Reduce(ReadOnlySpan<float> sorted)
        {
            int theta = sorted.Length, mid = theta / 2;
            double median = (theta & 1) == 1 ? sorted[mid] : ((double)sorted[mid - 1] + sorted[mid]) * 0.5;
            // The beta values nearest a point of a sorted column are a contiguous run around it: grow [low, high) from the median,
            // each step taking the nearer neighbour (the lower one on a tie).
            int low = (theta & 1) == 1 ? mid : mid - 1, high = mid + 1;
            double sum = 0;
            for (int i = low; i < high; i++) sum += sorted[i];
            while (high - low < beta)
            {
                bool takeLow = high == theta || (low > 0 && median - sorted[low - 1] <= sorted[high] - median);
                sum += takeLow ? sorted[--low] : sorted[high++];
            }
            return (float)(sum / beta);
        }
    }
}
