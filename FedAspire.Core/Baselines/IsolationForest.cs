using FedAspire.Core.Learning;

namespace FedAspire.Core.Baselines;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, 2008): random trees that isolate points by random splits; anomalies isolate in fewer splits.
/// Score s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1), higher is more anomalous; deterministic by seed.
/// </summary>
/// <remarks>
/// As in the paper and scikit-learn: each tree is grown on a subsample of psi = min(256, n) points drawn without replacement, to
/// depth ceil(log2 psi); a node splits on a feature drawn at random among those not constant in the node, at a value uniform between
/// the node's min and max; a leaf holding m points adds c(m) to its depth, c(n) = 2 H(n - 1) - 2 (n - 1) / n being the average path
/// length of an unsuccessful binary-search-tree lookup (c(1) = 0, c(2) = 1). Inputs must be finite (normalize and fill missing first).
/// </remarks>
public sealed class IsolationForest
{
    private const double EulerGamma = 0.5772156649015329;

    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly double _normalizer;

    private IsolationForest(Node[] nodes, int[] roots, int dimension, int subsampleSize)
    {
        _nodes = nodes;
        _roots = roots;
        Dimension = dimension;
        SubsampleSize = subsampleSize;
        _normalizer = AveragePathLength(subsampleSize);
    }

    /// <summary>Values per sample.</summary>
    public int Dimension { get; }

    /// <summary>psi: the points each tree was grown on.</summary>
    public int SubsampleSize { get; }

    /// <summary>Number of trees.</summary>
    public int Trees => _roots.Length;

    /// <summary>Grows the forest on <paramref name="samples"/> ([n, <paramref name="dimension"/>], n &gt;= 2).</summary>
    public static IsolationForest Fit(ReadOnlySpan<float> samples, int dimension, long seed, int trees = 100, int subsampleSize = 256)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Dimension must be >= 1.");
        if (trees < 1) throw new ArgumentOutOfRangeException(nameof(trees), trees, "At least one tree is needed.");
        if (subsampleSize < 2) throw new ArgumentOutOfRangeException(nameof(subsampleSize), subsampleSize, "The subsample must hold at least 2 points.");
        if (samples.Length % dimension != 0) throw new ArgumentException($"{samples.Length} values are not whole samples of {dimension}.", nameof(samples));
        int n = samples.Length / dimension;
        if (n < 2) throw new ArgumentException($"An isolation forest needs at least 2 samples, got {n}.", nameof(samples));
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i])) throw new ArgumentException($"Sample value {i} is {samples[i]}; inputs must be finite.", nameof(samples));

        int psi = Math.Min(subsampleSize, n);
        var builder = new Builder(samples.ToArray(), dimension, (int)Math.Ceiling(Math.Log2(psi)), new SplitMix64(seed));
        var permutation = new int[n];
        for (int i = 0; i < n; i++) permutation[i] = i;
        var roots = new int[trees];
        for (int t = 0; t < trees; t++)
        {
            // A partial Fisher-Yates over the running permutation: its first psi entries are a uniform draw without replacement.
            for (int i = 0; i < psi; i++)
            {
                int j = i + builder.Random.NextInt(n - i);
                (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
            }
            var subsample = permutation[..psi];
            roots[t] = builder.Grow(subsample, 0);
        }
        return new IsolationForest(builder.Nodes.ToArray(), roots, dimension, psi);
    }

    /// <summary>The anomaly score of one sample, in (0, 1).</summary>
    public float ScoreSample(ReadOnlySpan<float> sample)
    {
        if (sample.Length != Dimension) throw new ArgumentException($"A sample holds {Dimension} values, got {sample.Length}.", nameof(sample));
        double pathSum = 0;
        var nodes = _nodes.AsSpan();
        foreach (int root in _roots)
        {
            int node = root;
            while (nodes[node].Feature >= 0)
            {
                ref readonly var split = ref nodes[node];
                node = sample[split.Feature] < split.Value ? split.Left : split.Right;
            }
            pathSum += nodes[node].Value;
        }
        return (float)Math.Pow(2, -(pathSum / _roots.Length) / _normalizer);
    }

    /// <summary>Scores samples ([count, <see cref="Dimension"/>]) into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> samples, Span<float> scores)
    {
        if (samples.Length != scores.Length * Dimension)
            throw new ArgumentException($"{samples.Length} values for {scores.Length} samples of {Dimension}.", nameof(scores));
        for (int i = 0; i < scores.Length; i++) scores[i] = ScoreSample(samples.Slice(i * Dimension, Dimension));
    }

    /// <summary>Scores of samples ([count, <see cref="Dimension"/>]).</summary>
    public float[] Score(ReadOnlySpan<float> samples)
    {
        var scores = new float[samples.Length / Dimension];
        Score(samples, scores);
        return scores;
    }

    /// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n points (0 for n &lt;= 1, 1 for n = 2).</summary>
    public static double AveragePathLength(long n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => 2 * (Math.Log(n - 1) + EulerGamma) - 2.0 * (n - 1) / n,
    };

    /// <summary>A split (Feature &gt;= 0: go left when x[Feature] &lt; Value) or a leaf (Feature -1, Value = depth + c(size)).</summary>
    private readonly record struct Node(int Feature, float Value, int Left, int Right);

    private sealed class Builder(float[] samples, int dimension, int maxDepth, SplitMix64 random)
    {
        private readonly int[] _features = Enumerable.Range(0, dimension).ToArray();

        public List<Node> Nodes { get; } = [];

        public SplitMix64 Random => random;

        public int Grow(Span<int> points, int depth)
        {
            if (depth >= maxDepth || points.Length <= 1) return Leaf(points.Length, depth);
            // Features in random order until one varies in this node: a constant one cannot split it.
            for (int k = 0; k < dimension; k++)
            {
                int pick = k + random.NextInt(dimension - k);
                (_features[k], _features[pick]) = (_features[pick], _features[k]);
                int feature = _features[k];
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                foreach (int p in points)
                {
                    float v = samples[p * dimension + feature];
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                if (!(max > min)) continue;
                float split = min + (max - min) * random.NextFloat();
                // Float rounding can land on min, which would send every point right and leave the split empty.
                if (!(split > min)) split = min + (max - min) / 2;
                if (!(split > min)) split = max;
                int left = Partition(points, feature, split);
                int index = Nodes.Count;
                Nodes.Add(default);
                int l = Grow(points[..left], depth + 1);
                int r = Grow(points[left..], depth + 1);
                Nodes[index] = new Node(feature, split, l, r);
                return index;
            }
            return Leaf(points.Length, depth);
        }

        private int Leaf(int size, int depth)
        {
            Nodes.Add(new Node(-1, (float)(depth + AveragePathLength(size)), -1, -1));
            return Nodes.Count - 1;
        }

        // Points with x < split first; returns how many.
        private int Partition(Span<int> points, int feature, float split)
        {
            int left = 0;
            for (int i = 0; i < points.Length; i++)
            {
                if (!(samples[points[i] * dimension + feature] < split)) continue;
                (points[left], points[i]) = (points[i], points[left]);
                left++;
            }
            return left;
        }
    }
}
