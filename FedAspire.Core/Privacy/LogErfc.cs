namespace FedAspire.Core.Privacy;

/// <summary>log(erfc(x)) accurate in the tails, which the fractional-order RDP sum needs far beyond where erfc underflows.</summary>
internal static class LogErfc
{
    private const double SplitPoint = 3;

    /// <summary>log(erfc(x)) for any finite x.</summary>
    public static double Of(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x >= SplitPoint) return LogTail(x);
        if (x <= -SplitPoint) return Math.Log(2 - Math.Exp(LogTail(-x)));
        // |x| < 3: erfc(x) = 1 - erf(x), at most ~4 digits lost to cancellation near x = 3 (erfc(3) = 2.2e-5).
        return Math.Log(1 - Erf(x));
    }

    // erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1·3·...·(2n+1)): every term positive, no cancellation inside the sum.
    private static double Erf(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 0; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= 2 * x2 / (2 * n + 3);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
    }

    // erfc(x) = e^(-x^2) / sqrt(pi) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) for x > 0; 80 levels reach double precision from x = 3.
    private static double LogTail(double x)
    {
        double f = x;
        for (int k = 80; k >= 1; k--) f = x + k / 2.0 / f;
        return -x * x - 0.5 * Math.Log(Math.PI) - Math.Log(f);
    }
}
