namespace FedAspire.Core.Data.Partitioning;

/// <summary>Lloyd's k-means with k-means++ seeding over row-major points; deterministic for a given random source.</summary>
public static class KMeans
{
    /// <summary>
    /// Clusters <paramref name="points"/> (row-major, <paramref name="dimensions"/> per point) into <paramref name="k"/> clusters;
    /// returns the cluster of each point. Stops when no assignment changes or after <paramref name="maxIterations"/>.
    /// </summary>
    public static int[] Cluster(ReadOnlySpan<float> points, int dimensions, int k, SeededRandom random, int maxIterations = 100)
    {
        if (dimensions < 1) throw new ArgumentOutOfRangeException(nameof(dimensions), "Need at least one dimension.");
        if (points.Length % dimensions != 0) throw new ArgumentException($"{points.Length} values are not a whole number of {dimensions}-dimensional points.", nameof(points));
        int n = points.Length / dimensions;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"Cannot make {k} clusters from {n} points.");
        var centers = new float[k * dimensions];
        var nearest = new double[n];

        // k-means++: the first center uniformly, then each next with probability proportional to squared distance.
        int first = random.Next(n);
        points.Slice(first * dimensions, dimensions).CopyTo(centers);
        for (int i = 0; i < n; i++) nearest[i] = Distance(points.Slice(i * dimensions, dimensions), centers.AsSpan(0, dimensions));
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            foreach (var d in nearest) total += d;
            int pick = 0;
            if (total > 0)
            {
                double u = random.NextDouble() * total, acc = 0;
                for (pick = 0; pick < n - 1; pick++) { acc += nearest[pick]; if (acc > u) break; }
            }
            else pick = random.Next(n);
            points.Slice(pick * dimensions, dimensions).CopyTo(centers.AsSpan(c * dimensions));
            for (int i = 0; i < n; i++)
                nearest[i] = Math.Min(nearest[i], Distance(points.Slice(i * dimensions, dimensions), centers.AsSpan(c * dimensions, dimensions)));
        }

        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var sums = new double[k * dimensions];
        var counts = new int[k];
        for (int iter = 0; iter < maxIterations; iter++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                var p = points.Slice(i * dimensions, dimensions);
                int best = 0;
                double bestD = double.MaxValue;
                for (int c = 0; c < k; c++)
                {
                    double d = Distance(p, centers.AsSpan(c * dimensions, dimensions));
                    if (d < bestD) { bestD = d; best = c; }
                }
                if (assignment[i] != best) { assignment[i] = best; changed = true; }
            }
            if (!changed) break;
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int c = assignment[i];
                counts[c]++;
                for (int d = 0; d < dimensions; d++) sums[c * dimensions + d] += points[i * dimensions + d];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (int d = 0; d < dimensions; d++) centers[c * dimensions + d] = (float)(sums[c * dimensions + d] / counts[c]);
        }
        return assignment;
    }

    /// <summary>Squared Euclidean distance (SIMD via TensorPrimitives).</summary>
    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double d = System.Numerics.Tensors.TensorPrimitives.Distance(a, b);
        return d * d;
    }
}
