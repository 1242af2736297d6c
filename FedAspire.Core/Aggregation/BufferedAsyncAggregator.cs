using System.Numerics.Tensors;
using FedAspire.Core.Federation;

namespace FedAspire.Core.Aggregation;

/// <summary>
/// The server arithmetic of buffered asynchronous aggregation (FedBuff, Nguyen et al. 2022): deltas arrive one at a time from
/// whatever version each participant trained from, are screened, discounted by s(tau) and summed into a buffer; every K accepted
/// arrivals the caller steps the global model by the server learning rate times the buffered mean.
/// </summary>
/// <remarks>
/// acc = sum_k s(tau_k) c_k delta_k, C = sum_k c_k (c_k = 1, or the sample count when sample-weighted);
/// step: w = w + (eta_g / C) acc, version + 1. The buffer is one vector of the parameter count, so memory does not grow with K, and
/// the sum runs in arrival order: the same arrivals in the same order give bit-identical models. Not thread-safe: one per federation.
/// </remarks>
public sealed class BufferedAsyncAggregator
{
    private readonly float[] _sum;
    private readonly float[] _scratch;
    private readonly long[] _rejected = new long[Enum.GetValues<RejectionReason>().Length];
    private double _weightTotal;
    private double _stalenessTotal;
    private long _stalenessMax;

    /// <summary>Creates an empty buffer for vectors of <paramref name="parameterCount"/> floats at server version <paramref name="version"/>.</summary>
    public BufferedAsyncAggregator(BufferedAsyncOptions options, int parameterCount, long version = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is [var (property, problem), ..]) throw new ArgumentException($"Buffered aggregation {property} {problem}", nameof(options));
        if (parameterCount < 1) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "A model has at least one parameter.");
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        Options = options;
        _sum = new float[parameterCount];
        _scratch = new float[parameterCount];
        Version = version;
    }

    /// <summary>K, eta_g, the staleness function and the staleness bound.</summary>
    public BufferedAsyncOptions Options { get; }

    /// <summary>The server version the next arrival is measured against; one more after every <see cref="Step"/>.</summary>
    public long Version { get; private set; }

    /// <summary>Accepted updates waiting in the buffer.</summary>
    public int Count { get; private set; }

    /// <summary>Sample counts of the buffered updates, summed.</summary>
    public long Samples { get; private set; }

    /// <summary>True when the buffer holds K updates.</summary>
    public bool IsFull => Count >= Options.BufferSize;

    /// <summary>Rejections so far with <paramref name="reason"/>.</summary>
    public long RejectedFor(RejectionReason reason) => _rejected[(int)reason];

    /// <summary>Rejections so far, every reason.</summary>
    public long Rejected => _rejected.Sum();

    /// <summary>
    /// Screens <paramref name="delta"/> (trained parameters minus the parameters of <paramref name="baseVersion"/>) and adds
    /// s(tau) c delta to the buffer. Rejects (and counts) a wrong length, a non-finite value, a non-positive sample count, and a
    /// base version ahead of the server or more than <see cref="BufferedAsyncOptions.MaxStaleness"/> behind it.
    /// </summary>
    public BufferedArrival Offer(string clientId, ReadOnlySpan<float> delta, long sampleCount, long baseVersion)
    {
        string who = $"client '{clientId}'";
        long tau = Version - baseVersion;
        if (delta.Length != _sum.Length) return Reject(RejectionReason.WrongLength, $"{who}: {delta.Length} parameters, expected {_sum.Length}", tau);
        if (sampleCount <= 0) return Reject(RejectionReason.NoSamples, $"{who}: sample count {sampleCount} is not positive", tau);
        if (!TensorPrimitives.IsFiniteAll(delta))
            return Reject(RejectionReason.NonFinite, $"{who}: non-finite value at index {AggregationInput.FirstNonFinite(delta)}", tau);
        if (tau < 0) return Reject(RejectionReason.Stale, $"{who}: trained from version {baseVersion}, ahead of the server's {Version}", tau);
        if (tau > Options.MaxStaleness)
            return Reject(RejectionReason.Stale, $"{who}: trained from version {baseVersion}, {tau} behind the server's {Version} (max {Options.MaxStaleness})", tau);

        double s = Options.Weight(tau);
        double c = Options.SampleWeighted ? sampleCount : 1.0;
        // acc = fma(delta, s c, acc)
        TensorPrimitives.MultiplyAdd(delta, (float)(s * c), _sum, _sum);
        _weightTotal += c;
        _stalenessTotal += tau;
        _stalenessMax = Math.Max(_stalenessMax, tau);
        Count++;
        Samples += sampleCount;
        return new BufferedArrival(true, null, "", tau, s, IsFull);
    }

    /// <summary><see cref="Offer"/> for a participant that sent its trained parameters: the delta is taken against <paramref name="baseParameters"/>.</summary>
    public BufferedArrival OfferTrained(string clientId, ReadOnlySpan<float> trained, ReadOnlySpan<float> baseParameters, long sampleCount, long baseVersion)
    {
        if (trained.Length != _sum.Length || baseParameters.Length != _sum.Length)
            return Reject(RejectionReason.WrongLength,
                $"client '{clientId}': {trained.Length} parameters from a base of {baseParameters.Length}, expected {_sum.Length}", Version - baseVersion);
        TensorPrimitives.Subtract(trained, baseParameters, _scratch);
        return Offer(clientId, _scratch, sampleCount, baseVersion);
    }

    /// <summary>
    /// Applies the buffer to <paramref name="global"/>: <paramref name="destination"/> = global + (eta_g / C) acc (the two may be the
    /// same memory), empties the buffer and advances <see cref="Version"/>. Callers step when <see cref="IsFull"/>; stepping a
    /// partial buffer (a final flush) is allowed, an empty one is not.
    /// </summary>
    public BufferedStep Step(ReadOnlySpan<float> global, Span<float> destination)
    {
        if (global.Length != _sum.Length || destination.Length != _sum.Length)
            throw new ArgumentException($"The buffer holds {_sum.Length} parameters; got a global of {global.Length} and a destination of {destination.Length}.");
        if (Count == 0) throw new InvalidOperationException("The buffer is empty: there is nothing to apply.");
        // w = w + (eta_g / C) acc
        TensorPrimitives.MultiplyAdd(_sum, (float)(Options.ServerLearningRate / _weightTotal), global, destination);
        if (!TensorPrimitives.IsFiniteAll<float>(destination))
            throw new InvalidOperationException($"The buffered step overflowed the float range at index {AggregationInput.FirstNonFinite(destination)}.");
        var step = new BufferedStep(++Version, Count, Samples, _stalenessTotal / Count, _stalenessMax);
        Array.Clear(_sum);
        _weightTotal = _stalenessTotal = 0;
        _stalenessMax = 0;
        Count = 0;
        Samples = 0;
        return step;
    }

    private BufferedArrival Reject(RejectionReason reason, string message, long tau)
    {
        _rejected[(int)reason]++;
        return new BufferedArrival(false, reason, message, tau, 0, IsFull);
    }
}
