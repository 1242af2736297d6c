namespace FedAspire.Core.Learning.Network;

/// <summary>
/// How one sample's activations sit in a batch buffer: time-major frames of <see cref="Channels"/> floats (real channels padded to a
/// multiple of <see cref="MatrixKernels.Lane"/>), with <see cref="Pad"/> zero frames before and after so convolutions read padding for free.
/// </summary>
/// <remarks>Dense activations are one frame (Length 1, no padding) of the flattened width.</remarks>
internal readonly record struct BufferShape(int Channels, int RealChannels, int Length, int Pad)
{
    /// <summary>A buffer shape for <paramref name="realChannels"/> channels over <paramref name="length"/> frames.</summary>
    public static BufferShape Create(int realChannels, int length, int pad) =>
        new((realChannels + MatrixKernels.Lane - 1) / MatrixKernels.Lane * MatrixKernels.Lane, realChannels, length, pad);

    /// <summary>Floats per sample, padding included.</summary>
    public int SampleStride => (Length + 2 * Pad) * Channels;

    /// <summary>Offset of frame 0 inside a sample.</summary>
    public int InteriorOffset => Pad * Channels;

    /// <summary>Floats of the unpadded frames.</summary>
    public int InteriorSize => Length * Channels;
}
