namespace FedAspire.Core.Privacy;

/// <summary>
/// Renyi DP of the sampled Gaussian mechanism (Mironov, Talwar and Zhang 2019, "Renyi Differential Privacy of the Sampled Gaussian
/// Mechanism"), as TF Privacy's <c>compute_rdp</c> and Opacus' <c>RDPAccountant</c> compute it: exact at integer orders, the
/// convergent two-sided series at fractional ones; composition adds RDP order by order; conversion to (epsilon, delta) with
/// Balle et al. 2020 ("Hypothesis testing interpretations and Renyi DP", Theorem 21), the conversion Opacus'
/// <c>get_privacy_spent</c> and TF Privacy's current <c>get_privacy_spent</c> use (tighter than epsilon = rdp + log(1/delta)/(alpha - 1)).
/// </summary>
public static class RdpAccountant
{
    /// <summary>Opacus' default orders: 1.1, 1.2, ..., 10.9, then 12, 13, ..., 63.</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } =
        [.. Enumerable.Range(1, 99).Select(x => 1 + x / 10.0), .. Enumerable.Range(12, 52).Select(x => (double)x)];

    /// <summary>RDP at <paramref name="order"/> of <paramref name="steps"/> compositions of the Gaussian mechanism with noise multiplier <paramref name="sigma"/> on a Poisson sample of rate <paramref name="q"/>.</summary>
    public static double ComputeRdp(double q, double sigma, long steps, double order)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The sampling rate must be in [0, 1].");
        if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The noise multiplier must be >= 0.");
        if (!(order > 1)) throw new ArgumentOutOfRangeException(nameof(order), order, "RDP orders are > 1.");
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be >= 0.");
        return steps * RdpOnce(q, sigma, order);
    }

    /// <summary><see cref="ComputeRdp(double, double, long, double)"/> at every order of <paramref name="orders"/>.</summary>
    public static double[] ComputeRdp(double q, double sigma, long steps, IReadOnlyList<double> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var rdp = new double[orders.Count];
        for (int i = 0; i < rdp.Length; i++) rdp[i] = ComputeRdp(q, sigma, steps, orders[i]);
        return rdp;
    }

    /// <summary>
    /// The smallest epsilon at <paramref name="delta"/> over the orders: eps(alpha) = rdp - (log delta + log alpha) / (alpha - 1) + log((alpha - 1) / alpha)
    /// (Balle et al. 2020, Theorem 21), floored at 0.
    /// </summary>
    public static PrivacySpent GetPrivacySpent(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(rdp);
        if (orders.Count != rdp.Count) throw new ArgumentException($"{orders.Count} orders but {rdp.Count} RDP values.", nameof(rdp));
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be in (0, 1).");
        double best = double.PositiveInfinity, bestOrder = double.NaN;
        for (int i = 0; i < orders.Count; i++)
        {
            double a = orders[i];
            double eps = rdp[i] - (Math.Log(delta) + Math.Log(a)) / (a - 1) + Math.Log((a - 1) / a);
            if (eps < best) { best = eps; bestOrder = a; }
        }
        // A tiny RDP can make the bound negative; epsilon 0 is the most it can honestly claim.
        return new PrivacySpent(Math.Max(0, best), delta, bestOrder);
    }

    private static double RdpOnce(double q, double sigma, double order)
    {
        if (q == 0) return 0;
        if (sigma == 0 || double.IsPositiveInfinity(order)) return double.PositiveInfinity;
        // Without sampling: the Gaussian mechanism's RDP, alpha / (2 sigma^2).
        if (q == 1) return order / (2 * sigma * sigma);
        double logA = order == Math.Floor(order) && order < int.MaxValue ? LogAInteger(q, sigma, (int)order) : LogAFractional(q, sigma, order);
        return logA / (order - 1);
    }

    // A_alpha = sum_{i=0..alpha} C(alpha, i) q^i (1 - q)^(alpha - i) exp((i^2 - i) / (2 sigma^2)), summed in log space.
    private static double LogAInteger(double q, double sigma, int alpha)
    {
        double logA = double.NegativeInfinity, logBinom = 0;
        for (int i = 0; i <= alpha; i++)
        {
            if (i > 0) logBinom += Math.Log(alpha - i + 1) - Math.Log(i);
            double s = logBinom + i * Math.Log(q) + (alpha - i) * Math.Log(1 - q) + (double)(i * (long)i - i) / (2 * sigma * sigma);
            logA = LogAdd(logA, s);
        }
        return logA;
    }

    // A_alpha split at z0 = sigma^2 log(1/q - 1) + 1/2 into two series with generalized binomials C(alpha, i) (signs alternate past alpha)
    // and Gaussian tails erfc; terms are added until both fall below e^-30, as in TF Privacy's _compute_log_a_frac.
    private static double LogAFractional(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        double coef = 1;
        for (int i = 0; ; i++)
        {
            if (i > 0) coef *= (alpha - i + 1) / i;
            double logCoef = Math.Log(Math.Abs(coef));
            double j = alpha - i;
            double logT0 = logCoef + i * Math.Log(q) + j * Math.Log(1 - q);
            double logT1 = logCoef + j * Math.Log(q) + i * Math.Log(1 - q);
            double logE0 = Math.Log(0.5) + LogErfc.Of((i - z0) / (Math.Sqrt(2) * sigma));
            double logE1 = Math.Log(0.5) + LogErfc.Of((z0 - j) / (Math.Sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double)i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coef > 0)
            {
                logA0 = LogAdd(logA0, logS0);
                logA1 = LogAdd(logA1, logS1);
            }
            else
            {
                logA0 = LogSub(logA0, logS0);
                logA1 = LogSub(logA1, logS1);
            }
            if (Math.Max(logS0, logS1) < -30 || i > 100_000) break;
        }
        return LogAdd(logA0, logA1);
    }

    // log(e^x + e^y) = max + log1p(e^(min - max)).
    private static double LogAdd(double x, double y)
    {
        double a = Math.Min(x, y), b = Math.Max(x, y);
        return double.IsNegativeInfinity(a) ? b : b + Math.Log(1 + Math.Exp(a - b));
    }

    // log(e^x - e^y) for x >= y = y + log(e^(x - y) - 1).
    private static double LogSub(double x, double y)
    {
        if (x < y) throw new ArithmeticException("RDP series: a log-space difference came out negative.");
        if (double.IsNegativeInfinity(y)) return x;
        if (x == y) return double.NegativeInfinity;
        double d = x - y;
        return d > 700 ? x : y + Math.Log(Math.Exp(d) - 1);
    }
}
