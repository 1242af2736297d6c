namespace FedAspire.Core.Federation;

/// <summary>
/// Maps rows of a source feature list into a model's feature order by name: features the source lacks become missing
/// (NaN value, mask 0); source features the model does not know are dropped and counted.
/// </summary>
public sealed class FeatureMapping
{
    private readonly int[] _sourceIndex;
    private readonly string[] _source;

    /// <summary>Builds the mapping from <paramref name="source"/> names to <paramref name="target"/> names.</summary>
    public FeatureMapping(IReadOnlyList<string> source, IReadOnlyList<string> target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < source.Count; i++)
            if (!position.TryAdd(source[i], i)) throw new ArgumentException($"Source feature '{source[i]}' appears twice.", nameof(source));
        _sourceIndex = new int[target.Count];
        int present = 0;
        bool identity = source.Count == target.Count;
        for (int j = 0; j < target.Count; j++)
        {
            _sourceIndex[j] = position.TryGetValue(target[j], out var i) ? i : -1;
            if (_sourceIndex[j] >= 0) present++;
            identity &= _sourceIndex[j] == j;
        }
        IsIdentity = identity;
        _source = [.. source];
        SourceCount = source.Count;
        TargetCount = target.Count;
        Unknown = source.Count - present;
    }

    /// <summary>Whether this mapping was built from exactly <paramref name="source"/> (same names, same order).</summary>
    public bool HasSource(ReadOnlySpan<string> source) => source.SequenceEqual(_source);

    /// <summary>Features per source row.</summary>
    public int SourceCount { get; }

    /// <summary>Features per target row.</summary>
    public int TargetCount { get; }

    /// <summary>Source features the target does not have.</summary>
    public int Unknown { get; }

    /// <summary>Whether source and target list the same features in the same order (rows map by copying).</summary>
    public bool IsIdentity { get; }

    /// <summary>Writes one source row into <paramref name="target"/> in target order, NaN where the source lacks a feature.</summary>
    public void MapRow(ReadOnlySpan<float> source, Span<float> target)
    {
        if (source.Length != SourceCount || target.Length != TargetCount)
            throw new ArgumentException($"A source row holds {SourceCount} values and a target row {TargetCount}; got {source.Length} and {target.Length}.");
        if (IsIdentity)
        {
            source.CopyTo(target);
            return;
        }
        for (int j = 0; j < target.Length; j++)
        {
            int i = _sourceIndex[j];
            target[j] = i >= 0 ? source[i] : float.NaN;
        }
    }

    /// <summary>
    /// Writes <paramref name="sourceRows"/> ([n, SourceCount]) as target rows: <paramref name="values"/> gets the value or NaN,
    /// <paramref name="mask"/> gets 1 where the value is present and finite, else 0.
    /// </summary>
    public void Map(ReadOnlySpan<float> sourceRows, Span<float> values, Span<float> mask)
    {
        if (sourceRows.Length % SourceCount != 0)
            throw new ArgumentException($"Source rows hold {sourceRows.Length} values, not a multiple of {SourceCount} features.", nameof(sourceRows));
        int rows = sourceRows.Length / SourceCount;
        if (values.Length != rows * TargetCount || mask.Length != values.Length)
            throw new ArgumentException($"Target buffers must hold {rows} x {TargetCount} values.", nameof(values));
        for (int r = 0; r < rows; r++)
        {
            var src = sourceRows.Slice(r * SourceCount, SourceCount);
            for (int j = 0; j < TargetCount; j++)
            {
                int i = _sourceIndex[j];
                float v = i >= 0 ? src[i] : float.NaN;
                bool present = float.IsFinite(v);
                values[r * TargetCount + j] = present ? v : float.NaN;
                mask[r * TargetCount + j] = present ? 1f : 0f;
            }
        }
    }
}
