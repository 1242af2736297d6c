namespace FedAspire.Core.SecureAggregation;

/// <summary>Arithmetic in the prime field GF(p), p = 2^61 - 1, where Shamir shares live.</summary>
/// <remarks>A Mersenne prime reduces a 122-bit product with a shift and an add instead of a division.</remarks>
internal static class MersenneField
{
    public const ulong Prime = (1UL << 61) - 1;

    public static ulong Add(ulong a, ulong b)
    {
        ulong r = a + b;
        return r >= Prime ? r - Prime : r;
    }

    public static ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + Prime - b;

    // a·b = hi·2^61 + lo ≡ hi + lo (mod 2^61 - 1); both < 2^61, so one conditional subtraction finishes it.
    public static ulong Multiply(ulong a, ulong b)
    {
        UInt128 product = (UInt128)a * b;
        ulong r = ((ulong)product & Prime) + (ulong)(product >> 61);
        return r >= Prime ? r - Prime : r;
    }

    // Fermat: a^(p-2) = a^-1 for a != 0.
    public static ulong Inverse(ulong a)
    {
        if (a == 0) throw new DivideByZeroException("Zero has no inverse in GF(2^61 - 1).");
        ulong result = 1, b = a;
        for (ulong e = Prime - 2; e != 0; e >>= 1)
        {
            if ((e & 1) != 0) result = Multiply(result, b);
            b = Multiply(b, b);
        }
        return result;
    }
}
