using System.Buffers.Binary;

namespace FedAspire.Core.SecureAggregation;

/// <summary>Shamir (t, n) secret sharing of 32-byte secrets over GF(2^61 - 1), seven bytes per field element.</summary>
/// <remarks>
/// Each 7-byte chunk c_j of the secret is the constant term of its own random polynomial f_j of degree t - 1; the holder at
/// x-coordinate x gets (f_0(x), ..., f_4(x)). Any t shares give f_j(0) = sum_i y_i · prod_{m != i} x_m / (x_m - x_i); fewer reveal
/// nothing. Seven bytes keep every chunk below the prime, so a rebuilt chunk of 2^56 or more proves an altered share.
/// </remarks>
public static class ShamirSecretSharing
{
    /// <summary>Bytes of a shared secret.</summary>
    public const int SecretLength = 32;

    /// <summary>Field elements per share (32 bytes in 7-byte chunks).</summary>
    public const int Chunks = (SecretLength + ChunkBytes - 1) / ChunkBytes;

    /// <summary>Bytes of one serialized share.</summary>
    public const int ShareLength = Chunks * sizeof(ulong);

    private const int ChunkBytes = 7;

    /// <summary>Splits <paramref name="secret"/> into one share per x-coordinate in <paramref name="holders"/> (distinct, positive).</summary>
    /// <param name="randomBytes">Fills a buffer with the polynomials' random coefficients.</param>
    public static byte[][] Split(ReadOnlySpan<byte> secret, ReadOnlySpan<int> holders, int threshold, Action<Span<byte>> randomBytes)
    {
        ArgumentNullException.ThrowIfNull(randomBytes);
        if (secret.Length != SecretLength) throw new ArgumentException($"A secret is {SecretLength} bytes, got {secret.Length}.", nameof(secret));
        if (threshold < 1 || threshold > holders.Length) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The threshold must be between 1 and the {holders.Length} holders.");

        // coefficients[j * threshold + d]: degree d of chunk j's polynomial; degree 0 is the chunk itself.
        var coefficients = new ulong[Chunks * threshold];
        var random = new byte[sizeof(ulong) * Chunks * threshold];
        randomBytes(random);
        for (int j = 0; j < Chunks; j++)
        {
            coefficients[j * threshold] = ReadChunk(secret, j);
            for (int d = 1; d < threshold; d++)
            {
                // 61 random bits; the one value equal to p maps to 0 (bias 2^-61).
                ulong r = BinaryPrimitives.ReadUInt64LittleEndian(random.AsSpan((j * threshold + d) * sizeof(ulong))) & MersenneField.Prime;
                coefficients[j * threshold + d] = r == MersenneField.Prime ? 0 : r;
            }
        }

        var shares = new byte[holders.Length][];
        for (int h = 0; h < holders.Length; h++)
        {
            if (holders[h] <= 0) throw new ArgumentOutOfRangeException(nameof(holders), holders[h], "Share x-coordinates must be positive.");
            ulong x = (ulong)holders[h];
            var share = new byte[ShareLength];
            for (int j = 0; j < Chunks; j++)
            {
                // Horner: f(x) = c_0 + x(c_1 + x(c_2 + ...)).
                ulong y = 0;
                for (int d = threshold - 1; d >= 0; d--) y = MersenneField.Add(MersenneField.Multiply(y, x), coefficients[j * threshold + d]);
                BinaryPrimitives.WriteUInt64LittleEndian(share.AsSpan(j * sizeof(ulong)), y);
            }
            shares[h] = share;
        }
        return shares;
    }

    /// <summary>The Lagrange coefficients at 0 for the distinct x-coordinates <paramref name="holders"/>; reusable for every secret they share.</summary>
    /// <remarks>lambda_i = prod_{m != i} x_m / (x_m - x_i); the t denominators are inverted together (Montgomery's trick: one inversion, 3t products).</remarks>
    public static ulong[] LagrangeAtZero(ReadOnlySpan<int> holders)
    {
        int t = holders.Length;
        var numerators = new ulong[t];
        var denominators = new ulong[t];
        for (int i = 0; i < t; i++)
        {
            ulong numerator = 1, denominator = 1;
            for (int m = 0; m < t; m++)
            {
                if (m == i) continue;
                if (holders[m] == holders[i]) throw new ArgumentException($"Share x-coordinate {holders[i]} appears twice.", nameof(holders));
                numerator = MersenneField.Multiply(numerator, (ulong)holders[m]);
                denominator = MersenneField.Multiply(denominator, MersenneField.Subtract((ulong)holders[m], (ulong)holders[i]));
            }
            numerators[i] = numerator;
            denominators[i] = denominator;
        }

        // prefix[i] = d_0 ... d_{i-1}; one inverse of the whole product, then each 1/d_i = prefix[i] · (d_i ... d_{t-1})^-1.
        var prefix = new ulong[t];
        ulong running = 1;
        for (int i = 0; i < t; i++)
        {
            prefix[i] = running;
            running = MersenneField.Multiply(running, denominators[i]);
        }
        ulong inverse = MersenneField.Inverse(running);
        var lambda = new ulong[t];
        for (int i = t - 1; i >= 0; i--)
        {
            lambda[i] = MersenneField.Multiply(numerators[i], MersenneField.Multiply(inverse, prefix[i]));
            inverse = MersenneField.Multiply(inverse, denominators[i]);
        }
        return lambda;
    }

    /// <summary>
    /// Rebuilds a secret from shares[i] held at the x-coordinates whose Lagrange coefficients are <paramref name="lambda"/>; false
    /// when a share is malformed or the result cannot be a secret (an altered share).
    /// </summary>
    public static bool TryReconstruct(IReadOnlyList<byte[]> shares, ReadOnlySpan<ulong> lambda, Span<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count != lambda.Length) throw new ArgumentException($"{shares.Count} shares for {lambda.Length} coefficients.", nameof(shares));
        if (secret.Length != SecretLength) throw new ArgumentException($"A secret is {SecretLength} bytes, got {secret.Length}.", nameof(secret));
        Span<byte> padded = stackalloc byte[Chunks * ChunkBytes + 1];
        padded.Clear();
        for (int j = 0; j < Chunks; j++)
        {
            ulong c = 0;
            for (int i = 0; i < lambda.Length; i++)
            {
                if (shares[i] is not { Length: ShareLength } share) return false;
                ulong y = BinaryPrimitives.ReadUInt64LittleEndian(share.AsSpan(j * sizeof(ulong)));
                if (y >= MersenneField.Prime) return false;
                c = MersenneField.Add(c, MersenneField.Multiply(lambda[i], y));
            }
            if (c >> (8 * ChunkBytes) != 0) return false;
            BinaryPrimitives.WriteUInt64LittleEndian(padded.Slice(j * ChunkBytes, sizeof(ulong)), c);
        }
        // The last chunk carries only 32 - 4·7 = 4 bytes; anything beyond them is an altered share too.
        if (padded[SecretLength..].ContainsAnyExcept((byte)0)) return false;
        padded[..SecretLength].CopyTo(secret);
        return true;
    }

    private static ulong ReadChunk(ReadOnlySpan<byte> secret, int chunk)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        buffer.Clear();
        int start = chunk * ChunkBytes;
        secret.Slice(start, Math.Min(ChunkBytes, secret.Length - start)).CopyTo(buffer);
        return BinaryPrimitives.ReadUInt64LittleEndian(buffer);
    }
}
