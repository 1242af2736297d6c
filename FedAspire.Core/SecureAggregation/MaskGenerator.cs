using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FedAspire.Core.SecureAggregation;

/// <summary>Expands a 32-byte seed into a mask vector of uniform 32-bit words: AES-256 in counter mode, keyed by the seed.</summary>
/// <remarks>
/// Block i of the stream is AES_seed(i) with i a little-endian 64-bit counter; the words are the stream read little-endian.
/// Counter mode is a PRG under the usual AES assumption, and AES-NI makes it the cheapest one .NET ships. Not thread-safe: one
/// generator per thread.
/// </remarks>
public sealed class MaskGenerator : IDisposable
{
    private readonly Aes _aes = Aes.Create();
    private uint[] _scratch = [];

    /// <summary>Writes the first destination.Length words of the stream of <paramref name="seed"/> into <paramref name="destination"/>.</summary>
    public void Expand(ReadOnlySpan<byte> seed, Span<uint> destination) => Stream(seed, destination.Length).CopyTo(destination);

    /// <summary>Adds (sign +1) or subtracts (sign -1) the stream of <paramref name="seed"/> to <paramref name="accumulator"/>, modulo 2^32.</summary>
    public void Apply(ReadOnlySpan<byte> seed, Span<uint> accumulator, int sign)
    {
        ReadOnlySpan<uint> mask = Stream(seed, accumulator.Length);
        // uint addition wraps: exactly arithmetic modulo 2^32.
        if (sign > 0) TensorPrimitives.Add(accumulator, mask, accumulator);
        else TensorPrimitives.Subtract(accumulator, mask, accumulator);
    }

    /// <inheritdoc />
    public void Dispose() => _aes.Dispose();

    private ReadOnlySpan<uint> Stream(ReadOnlySpan<byte> seed, int length)
    {
        if (seed.Length != 32) throw new ArgumentException($"A mask seed is 32 bytes, got {seed.Length}.", nameof(seed));
        _aes.SetKey(seed);
        // Whole AES blocks of four words; the tail of the last block is dropped.
        int blocks = (length + 3) / 4;
        if (_scratch.Length < blocks * 4) _scratch = new uint[blocks * 4];
        Span<uint> words = _scratch.AsSpan(0, blocks * 4);
        Span<ulong> counters = MemoryMarshal.Cast<uint, ulong>(words);
        for (int b = 0; b < blocks; b++)
        {
            counters[2 * b] = BitConverter.IsLittleEndian ? (ulong)b : BinaryPrimitives.ReverseEndianness((ulong)b);
            counters[2 * b + 1] = 0;
        }
        Span<byte> bytes = MemoryMarshal.AsBytes(words);
        _aes.EncryptEcb(bytes, bytes, PaddingMode.None);
        return words[..length];
    }
}
