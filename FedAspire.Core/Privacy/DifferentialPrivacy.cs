using System.Numerics.Tensors;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;

namespace FedAspire.Core.Privacy;

/// <summary>
/// The Gaussian mechanism on federated updates (DP-FedAvg, McMahan et al. 2018): every update's change to the global parameters is
/// clipped to L2 norm C, then Gaussian noise is added either once to the mean (central) or by each participant to its own (local).
/// </summary>
public static class DifferentialPrivacy
{
    /// <summary>Strategies that combine updates by their mean, so the noisy clipped mean can stand in for them (the server optimizers post-process it).</summary>
    public static IReadOnlyList<string> CentralStrategies => AggregationStrategies.MeanBased;

    /// <summary>
    /// Central DP: the unweighted mean of the clipped updates plus N(0, (z·C / n)^2) per coordinate, returned as one update at
    /// global + noisy mean for the federation's strategy to apply. Unweighted because a sample-weighted mean would let one
    /// participant's share, not C / n, bound its influence.
    /// </summary>
    public static ClientUpdate CentralMean(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates, PrivacyOptions options, int? seed)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(options);
        if (updates.Count == 0) throw new ArgumentException("Central DP needs at least one update.", nameof(updates));
        int n = updates.Count;
        var mean = new float[global.Length];
        var delta = new float[global.Length];
        // Summed in list order (the grain sorts by participant id): bit-identical runs.
        foreach (var update in updates)
        {
            UpdateClipping.ClipDelta(global, update.Parameters, options.Clip, delta);
            TensorPrimitives.Add(mean, delta, mean);
        }
        // mean = (sum_k clip(delta_k) + N(0, (z C)^2)) / n: the sum's sensitivity to one participant is C.
        TensorPrimitives.Multiply(mean, 1f / n, mean);
        GaussianNoise.Add(mean, options.NoiseMultiplier * options.Clip / n, seed);
        TensorPrimitives.Add(mean, global, mean);
        long samples = 0;
        foreach (var update in updates) samples = checked(samples + update.SampleCount);
        return new ClientUpdate("central-dp-mean", mean, Math.Max(1, samples));
    }

    /// <summary>Local DP: global + clip(parameters - global) + N(0, (z·C)^2) per coordinate, what a participant sends instead of its parameters.</summary>
    public static float[] Privatize(ReadOnlySpan<float> global, ReadOnlySpan<float> parameters, PrivacyOptions options, int? seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new float[global.Length];
        UpdateClipping.ClipDelta(global, parameters, options.Clip, result);
        GaussianNoise.Add(result, options.NoiseMultiplier * options.Clip, seed);
        TensorPrimitives.Add(result, global, result);
        return result;
    }

    /// <summary>The noise seed of one round and party: derived from the configured <see cref="PrivacyOptions.NoiseSeed"/>, or null (CSPRNG) when it is 0.</summary>
    public static int? NoiseSeed(PrivacyOptions options, long roundId, string party)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.NoiseSeed != 0 ? StableSeed.Derive(options.NoiseSeed, roundId, party + "/dp-noise") : null;
    }
}
