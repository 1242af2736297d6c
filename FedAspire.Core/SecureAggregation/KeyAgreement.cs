using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace FedAspire.Core.SecureAggregation;

/// <summary>X25519 key pairs made from 32-byte seeds, and the symmetric keys two participants agree on (HKDF-SHA256 of the shared secret).</summary>
/// <remarks>
/// A private key is its seed (RFC 7748 takes any 32 bytes): the seed is what gets Shamir-shared, so the server can rebuild a
/// dropped participant's key and check it against the advertised public key, and a seeded round is reproducible.
/// Key pairs go through NSec. The agreement itself, run twice per neighbour by every participant, calls libsodium's X25519
/// (the function NSec's <c>Agree</c> calls) into a stack buffer, because NSec places every shared secret in guarded
/// <c>sodium_malloc</c> memory: on this machine that mmap/mprotect/munmap costs about 120 µs, four times the 32 µs of the
/// scalar multiplication. The secret lives only until HKDF has read it and is zeroed then.
/// </remarks>
public static partial class KeyAgreement
{
    /// <summary>Bytes of a private key (seed), a public key and a derived key.</summary>
    public const int KeyLength = 32;

    private static readonly KeyAgreementAlgorithm Algorithm = KeyAgreementAlgorithm.X25519;

    // Any fixed scalar serves: a low-order point gives the all-zero secret with every scalar, which libsodium refuses.
    private static readonly byte[] ProbeScalar = SHA256.HashData("fedaspire-secagg-public-key-check"u8);

    /// <summary>The raw 32-byte public key of the private key <paramref name="seed"/>.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != KeyLength) throw new ArgumentException($"A key seed is {KeyLength} bytes, got {seed.Length}.", nameof(seed));
        using var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>
    /// Throws a <see cref="SecureAggregationException"/> naming <paramref name="owner"/> when <paramref name="publicKey"/> is not a
    /// usable X25519 public key: missing, not 32 bytes, not canonical (top bit set, or a coordinate of 2^255 - 19 or more), or of low order.
    /// </summary>
    /// <remarks>A low-order key would make every secret agreed with it the same known value: the masks it takes part in would hide nothing.</remarks>
    public static void CheckPublicKey(byte[]? publicKey, string owner, string role)
    {
        string? problem = FormatProblem(publicKey);
        if (problem is null)
        {
            Span<byte> shared = stackalloc byte[KeyLength];
            if (!TryAgree(ProbeScalar, publicKey, shared)) problem = LowOrder;
            CryptographicOperations.ZeroMemory(shared);
        }
        if (problem is not null) throw Rejection(problem, owner, role);
    }

    /// <summary>
    /// HKDF-SHA256 (empty salt, info <paramref name="context"/>) of the X25519 secret of <paramref name="seed"/> and
    /// <paramref name="peerPublicKey"/>, written to <paramref name="key"/> (32 bytes). A peer key that <see cref="CheckPublicKey"/>
    /// would refuse throws its <see cref="SecureAggregationException"/>, naming <paramref name="owner"/> and the key's <paramref name="role"/>.
    /// </summary>
    public static void DeriveKey(ReadOnlySpan<byte> seed, byte[]? peerPublicKey, string context, Span<byte> key, string owner, string role)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (key.Length != KeyLength) throw new ArgumentException($"A derived key is {KeyLength} bytes, got {key.Length}.", nameof(key));
        if (FormatProblem(peerPublicKey) is { } problem) throw Rejection(problem, owner, role);
        Span<byte> shared = stackalloc byte[KeyLength];
        try
        {
            // The agreement is the low-order check here: libsodium refuses exactly the keys whose secret would be all zeros.
            if (!TryAgree(seed, peerPublicKey, shared)) throw Rejection(LowOrder, owner, role);
            Span<byte> info = stackalloc byte[Encoding.UTF8.GetMaxByteCount(context.Length)];
            int written = Encoding.UTF8.GetBytes(context, info);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, key, salt: [], info: info[..written]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary><see cref="DeriveKey(ReadOnlySpan{byte}, byte[], string, Span{byte}, string, string)"/> into a new array.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> seed, byte[]? peerPublicKey, string context, string owner, string role)
    {
        var key = new byte[KeyLength];
        DeriveKey(seed, peerPublicKey, context, key, owner, role);
        return key;
    }

    private const string LowOrder = "is a low-order point: every secret agreed with it is the same known value";

    private static SecureAggregationException Rejection(string problem, string owner, string role) =>
        new($"The {role} public key advertised by {owner} {problem}.");

    private static string? FormatProblem(byte[]? publicKey)
    {
        if (publicKey is null) return "is missing";
        if (publicKey.Length != KeyLength) return $"is {publicKey.Length} bytes; an X25519 public key is {KeyLength}";
        // Key pairs export only this spelling; the unused top bit or u >= p would be a second spelling of some key.
        if ((publicKey[31] & 0x80) != 0) return "is not a canonical X25519 key (its top bit is set)";
        if (publicKey[31] == 0x7F && publicKey.AsSpan(1, 30).IndexOfAnyExcept((byte)0xFF) < 0 && publicKey[0] >= 0xED)
            return "is not a canonical X25519 key (its coordinate is 2^255 - 19 or more)";
        return null;
    }

    // crypto_scalarmult_curve25519 clamps the scalar and fails (-1) on a low-order point, whose secret is all zeros.
    private static unsafe bool TryAgree(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, Span<byte> shared)
    {
        if (seed.Length != KeyLength) throw new ArgumentException($"A key seed is {KeyLength} bytes, got {seed.Length}.", nameof(seed));
        // The native call reads and writes 32 bytes through these pointers: FormatProblem has checked the peer's length already.
        if (publicKey.Length != KeyLength || shared.Length != KeyLength) throw new ArgumentException("X25519 works on 32-byte keys.", nameof(publicKey));
        // sodium_init, which picks libsodium's fastest X25519 for this CPU, runs when NSec builds the algorithm.
        _ = Algorithm;
        fixed (byte* q = shared)
        fixed (byte* n = seed)
        fixed (byte* p = publicKey)
        {
            return Libsodium.crypto_scalarmult_curve25519(q, n, p) == 0;
        }
    }

    private static unsafe partial class Libsodium
    {
        // The native library of the libsodium package that NSec.Cryptography brings, resolved as NSec resolves it.
        [LibraryImport("libsodium")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int crypto_scalarmult_curve25519(byte* q, byte* n, byte* p);
    }
}
