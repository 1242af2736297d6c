using FedAspire.Scoring;

namespace FedAspire.Analytics.Scoring;

/// <summary>
/// Holds the scorer in use and swaps it atomically: a batch leases the current scorer, a swap installs the new one at once,
/// and the old scorer (its ONNX session) is disposed only when the last batch that leased it has finished.
/// </summary>
public sealed class ScorerSlot : IDisposable
{
    private Entry? _current;

    /// <summary>Raised after a swap with the new model's info.</summary>
    public event Action<ScoringModelInfo>? Swapped;

    /// <summary>The model in use, or null before the first model arrives.</summary>
    public ScoringModelInfo? Current => Volatile.Read(ref _current)?.Scorer.Info;

    /// <summary>Leases the current scorer; null when none is loaded. Dispose the lease when the batch is done.</summary>
    public ScorerLease? Lease()
    {
        while (true)
        {
            var entry = Volatile.Read(ref _current);
            if (entry is null) return null;
            // A swap may release the entry between the read and the add; then read the new one.
            if (entry.TryAddRef()) return new ScorerLease(entry);
        }
    }

    /// <summary>Installs <paramref name="scorer"/>; the previous one is disposed once no lease holds it.</summary>
    public void Swap(OnnxScorer scorer)
    {
        var previous = Interlocked.Exchange(ref _current, new Entry(scorer));
        previous?.Release();
        Swapped?.Invoke(scorer.Info);
    }

    /// <inheritdoc/>
    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Release();

    internal sealed class Entry(OnnxScorer scorer)
    {
        // One reference belongs to the slot itself; each lease adds one.
        private int _references = 1;

        public OnnxScorer Scorer { get; } = scorer;

        public bool TryAddRef()
        {
            while (true)
            {
                int seen = Volatile.Read(ref _references);
                if (seen == 0) return false;
                if (Interlocked.CompareExchange(ref _references, seen + 1, seen) == seen) return true;
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0) Scorer.Dispose();
        }
    }
}
