using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Core.SecureAggregation;

/// <summary>Diffie-Hellman key pairs made from 32-byte seeds, and the symmetric keys two participants agree on.</summary>
/// <remarks>
/// A private key is made from a seed (rather than drawn by the platform) so the key can be Shamir-shared as its seed, rebuilt by
/// the server for a dropped participant and checked against the advertised public key, and so a seeded round is reproducible.
/// </remarks>
public static class KeyAgreement
{
    // The order of the P-256 base point: a private scalar must lie in [1, n - 1].
    private static readonly BigInteger P256Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    /// <summary>True when this platform's ECDiffieHellman supports X25519.</summary>
    public static bool IsX25519Supported { get; } = ProbeX25519();

    /// <summary>Throws a <see cref="PlatformNotSupportedException"/> naming the alternative when <paramref name="curve"/> is unavailable here.</summary>
    public static void EnsureSupported(KeyAgreementCurve curve)
    {
        if (curve == KeyAgreementCurve.X25519 && !IsX25519Supported)
        {
            throw new PlatformNotSupportedException($"X25519 key agreement is not supported by System.Security.Cryptography on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} (.NET {Environment.Version}); use {nameof(KeyAgreementCurve)}.{nameof(KeyAgreementCurve.P256)}.");
        }
    }

    /// <summary>The key pair whose private key is determined by <paramref name="seed"/> (32 bytes).</summary>
    public static ECDiffieHellman FromSeed(ReadOnlySpan<byte> seed, KeyAgreementCurve curve)
    {
        EnsureSupported(curve);
        if (seed.Length != 32) throw new ArgumentException($"A key seed is 32 bytes, got {seed.Length}.", nameof(seed));
        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters { Curve = CurveOf(curve), D = PrivateScalar(seed, curve) });
        return key;
    }

    /// <summary>The public key to advertise (SubjectPublicKeyInfo).</summary>
    public static byte[] PublicKey(ECDiffieHellman key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Imports a peer's advertised public key; throws <see cref="SecureAggregationException"/> when it is not one.</summary>
    public static ECDiffieHellman ImportPublicKey(byte[] publicKey, string owner)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new SecureAggregationException($"The public key advertised by {owner} is not a valid key: {e.Message}", e);
        }
    }

    /// <summary>HKDF-SHA256 of the raw shared secret of <paramref name="mine"/> and <paramref name="peer"/>, bound to <paramref name="context"/>.</summary>
    public static byte[] DeriveKey(ECDiffieHellman mine, ECDiffieHellman peer, string context)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(peer);
        byte[] shared = mine.DeriveRawSecretAgreement(peer.PublicKey);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt: [], info: Encoding.UTF8.GetBytes(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    private static ECCurve CurveOf(KeyAgreementCurve curve) => curve switch
    {
        KeyAgreementCurve.P256 => ECCurve.NamedCurves.nistP256,
        KeyAgreementCurve.X25519 => ECCurve.CreateFromFriendlyName("curve25519"),
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Unknown curve."),
    };

    // SHA-256(label || counter || seed) until it is a valid scalar: for P-256 one try in 2^32 fails; X25519 takes any 32 bytes.
    private static byte[] PrivateScalar(ReadOnlySpan<byte> seed, KeyAgreementCurve curve)
    {
        var input = new byte[16 + 1 + seed.Length];
        Encoding.ASCII.GetBytes("fedaspire-secagg").CopyTo(input, 0);
        seed.CopyTo(input.AsSpan(17));
        for (byte counter = 0; ; counter++)
        {
            input[16] = counter;
            byte[] d = SHA256.HashData(input);
            if (curve == KeyAgreementCurve.X25519) return d;
            var value = new BigInteger(d, isUnsigned: true, isBigEndian: true);
            if (!value.IsZero && value < P256Order) return d;
        }
    }

    private static bool ProbeX25519()
    {
        try
        {
            using var key = ECDiffieHellman.Create(ECCurve.CreateFromFriendlyName("curve25519"));
            return true;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or CryptographicException)
        {
            return false;
        }
    }
}
