using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Core.SecureAggregation;

/// <summary>The labels that bind every derived key, nonce and commitment to its round and pair, shared by participants and server.</summary>
internal static class ProtocolContext
{
    // Ordered by roster index so both ends of a pair derive the same key.
    public static string Mask(string roundId, string first, string second) => $"fedaspire-secagg-mask|{roundId}|{first}|{second}";

    public static string Share(string roundId, string first, string second) => $"fedaspire-secagg-share|{roundId}|{first}|{second}";

    public static byte[] Commitment(string roundId, string participant, ReadOnlySpan<byte> selfMaskSeed)
    {
        byte[] label = Encoding.UTF8.GetBytes($"fedaspire-secagg-self-mask|{roundId}|{participant}|");
        var input = new byte[label.Length + selfMaskSeed.Length];
        label.CopyTo(input, 0);
        selfMaskSeed.CopyTo(input.AsSpan(label.Length));
        return SHA256.HashData(input);
    }

    // Each direction of a pair encrypts once under the pair's key, so (from, to) makes the nonce unique.
    public static byte[] Nonce(int fromIndex, int toIndex)
    {
        var nonce = new byte[AesGcm.NonceByteSizes.MaxSize];
        BinaryPrimitives.WriteInt32LittleEndian(nonce, fromIndex);
        BinaryPrimitives.WriteInt32LittleEndian(nonce.AsSpan(4), toIndex);
        return nonce;
    }

    public static byte[] AssociatedData(string roundId, string from, string to) => Encoding.UTF8.GetBytes($"{roundId}|{from}|{to}");
}
