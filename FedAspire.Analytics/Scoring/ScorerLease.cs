using FedAspire.Scoring;

namespace FedAspire.Analytics.Scoring;

/// <summary>A batch's hold on a scorer: the scorer stays alive until the lease is disposed, even if a newer model was swapped in.</summary>
public sealed class ScorerLease : IDisposable
{
    private ScorerSlot.Entry? _entry;

    internal ScorerLease(ScorerSlot.Entry entry) => _entry = entry;

    /// <summary>The leased scorer.</summary>
    public OnnxScorer Scorer => (_entry ?? throw new ObjectDisposedException(nameof(ScorerLease))).Scorer;

    /// <inheritdoc/>
    public void Dispose() => Interlocked.Exchange(ref _entry, null)?.Release();
}
