namespace FedAspire.Core.Privacy;

/// <summary>What one federated round costs in RDP, and the cumulative (epsilon, delta) of a federation's rounds.</summary>
/// <remarks>
/// Central: the sum of clipped updates has sensitivity C to adding or removing one participant and carries N(0, (z·C)^2), so a
/// round is the sampled Gaussian mechanism with noise multiplier z at the sampling rate q (Poisson sampling assumed, as DP-FedAvg
/// and Opacus do; the federation samples a fixed fraction, so with q &lt; 1 this is the usual approximation and with q = 1 exact).
/// Local: against the server, which sees each noisy update and who was asked, there is no amplification (q = 1) and two updates
/// of one participant inside the C-ball differ by up to 2C, so the noise multiplier counts as z / 2.
/// </remarks>
public static class RoundPrivacy
{
    /// <summary>The RDP of one round at every order of <see cref="RdpAccountant.DefaultOrders"/>.</summary>
    public static double[] RoundRdp(PrivacyOptions options, double samplingRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsLocal
            ? RdpAccountant.ComputeRdp(1, options.NoiseMultiplier / 2, 1, RdpAccountant.DefaultOrders)
            : RdpAccountant.ComputeRdp(samplingRate, options.NoiseMultiplier, 1, RdpAccountant.DefaultOrders);
    }

    /// <summary>The sampling rate a round is accounted with: the federation's in central mode, 1 in local mode.</summary>
    public static double AccountedRate(PrivacyOptions options, double samplingFraction) => options.IsLocal ? 1 : samplingFraction;

    /// <summary><paramref name="spent"/> + <paramref name="round"/>, order by order (RDP composes additively); an empty <paramref name="spent"/> is nothing spent.</summary>
    public static double[] Compose(IReadOnlyList<double> spent, IReadOnlyList<double> round)
    {
        ArgumentNullException.ThrowIfNull(spent);
        ArgumentNullException.ThrowIfNull(round);
        var total = round.ToArray();
        if (spent.Count == total.Length)
            for (int i = 0; i < total.Length; i++) total[i] += spent[i];
        return total;
    }

    /// <summary>The report after <paramref name="rounds"/> charged rounds whose RDP sums to <paramref name="rdp"/>.</summary>
    public static PrivacyReport Report(PrivacyOptions options, double samplingFraction, IReadOnlyList<double> rdp, long rounds)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spent = rdp.Count == RdpAccountant.DefaultOrders.Count && rounds > 0
            ? RdpAccountant.GetPrivacySpent(RdpAccountant.DefaultOrders, rdp, options.Delta)
            : new PrivacySpent(0, options.Delta, double.NaN);
        return new PrivacyReport(options.Mode.ToLowerInvariant(), options.Clip, options.NoiseMultiplier, AccountedRate(options, samplingFraction),
            options.Delta, spent.Epsilon, spent.Order, rounds, options.EpsilonBudget);
    }
}
