namespace FedAspire.Core.Telemetry;

/// <summary>
/// Parses the JSON numbers sensors usually send (a few significant digits, e.g. <c>0.98</c>, <c>-3.5E-07</c>) straight into a
/// float, exactly as <see cref="float.Parse(string)"/> would; anything it cannot do exactly is left to the general parser.
/// </summary>
/// <remarks>
/// The fast path is Clinger's for single precision: when the digits form an integer m ≤ 2^24 and the decimal exponent e has
/// |e| ≤ 10, both m and 10^|e| are exact floats, so the one IEEE multiplication or division m·10^e rounds correctly.
/// </remarks>
internal static class DecimalFloat
{
    private const ulong MaxExactMantissa = 1UL << 24;

    private static ReadOnlySpan<float> PowersOfTen => [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>True with the correctly rounded value when <paramref name="utf8"/> (a JSON number) is within the fast path.</summary>
    public static bool TryParseExact(ReadOnlySpan<byte> utf8, out float value)
    {
        value = 0;
        int i = 0;
        bool negative = i < utf8.Length && utf8[i] == (byte)'-';
        if (negative) i++;
        ulong mantissa = 0;
        int digits = 0, exponent = 0;
        for (; i < utf8.Length && (uint)(utf8[i] - '0') <= 9; i++, digits++)
            mantissa = mantissa * 10 + (uint)(utf8[i] - '0');
        if (i < utf8.Length && utf8[i] == (byte)'.')
        {
            int integerDigits = digits;
            for (i++; i < utf8.Length && (uint)(utf8[i] - '0') <= 9; i++, digits++, exponent--)
                mantissa = mantissa * 10 + (uint)(utf8[i] - '0');
            // JSON needs a digit after the point; "1." is not a number this path vouches for.
            if (digits == integerDigits) return false;
        }
        // 19 digits always fit a ulong; longer inputs (or none) go to the general parser.
        if (digits is 0 or > 19) return false;
        if (i < utf8.Length && (utf8[i] | 0x20) == (byte)'e')
        {
            i++;
            bool negativeExponent = i < utf8.Length && utf8[i] == (byte)'-';
            if (i < utf8.Length && (utf8[i] == (byte)'-' || utf8[i] == (byte)'+')) i++;
            int explicitExponent = 0, exponentDigits = 0;
            for (; i < utf8.Length && (uint)(utf8[i] - '0') <= 9; i++, exponentDigits++)
            {
                if (explicitExponent > 1000) return false;
                explicitExponent = explicitExponent * 10 + (utf8[i] - '0');
            }
            if (exponentDigits == 0) return false;
            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }
        if (i != utf8.Length || mantissa > MaxExactMantissa || exponent < -10 || exponent > 10) return false;
        float m = mantissa;
        float result = exponent < 0 ? m / PowersOfTen[-exponent] : m * PowersOfTen[exponent];
        value = negative ? -result : result;
        return true;
    }
}
