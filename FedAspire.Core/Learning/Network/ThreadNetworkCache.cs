namespace FedAspire.Core.Learning.Network;

/// <summary>
/// A few spare <see cref="BatchNetwork"/>s per thread, so short-lived trainers and scorers (one per device grain per round call) reuse
/// pinned buffers instead of allocating a dozen pinned arrays each, which the GC frees only in full collections.
/// </summary>
/// <remarks>
/// Every buffer a batch reads is written first by <see cref="BatchNetwork.LoadParameters"/> and <see cref="BatchNetwork.LoadBatch(SampleSet, int, int)"/>
/// (padding stays zero for one layout), so a reused network gives bit-identical results to a fresh one. Callers rent and return within
/// one synchronous call: a thread-static slot is never shared between concurrent users.
/// </remarks>
internal static class ThreadNetworkCache
{
    private const int Slots = 4;

    [ThreadStatic] private static BatchNetwork?[]? t_spares;

    /// <summary>A network for <paramref name="layout"/> holding exactly <paramref name="batchCapacity"/> samples: a spare when one fits.</summary>
    public static BatchNetwork Rent(ParameterLayout layout, int batchCapacity)
    {
        var spares = t_spares;
        if (spares is not null)
        {
            for (int i = 0; i < spares.Length; i++)
            {
                if (spares[i] is { } spare && spare.BatchCapacity == batchCapacity && SameShape(spare.Layout, layout))
                {
                    spares[i] = null;
                    return spare;
                }
            }
        }
        return new BatchNetwork(layout, batchCapacity);
    }

    /// <summary>Keeps <paramref name="network"/> for the next <see cref="Rent"/> on this thread (replacing the oldest spare when full).</summary>
    public static void Return(BatchNetwork network)
    {
        var spares = t_spares ??= new BatchNetwork?[Slots];
        int free = Array.IndexOf(spares, null);
        if (free < 0)
        {
            Array.Copy(spares, 1, spares, 0, Slots - 1);
            free = Slots - 1;
        }
        spares[free] = network;
    }

    private static bool SameShape(ParameterLayout a, ParameterLayout b)
    {
        if (ReferenceEquals(a, b) || ReferenceEquals(a.Spec, b.Spec)) return true;
        // Buffer shapes depend on the window, the feature count and the layers only (feature names do not matter).
        return a.Spec.Window == b.Spec.Window && a.Spec.FeatureCount == b.Spec.FeatureCount && a.Spec.Layers.SequenceEqual(b.Spec.Layers);
    }
}
