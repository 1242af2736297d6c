namespace FedAspire.Core.Learning;

/// <summary>The kinds of layer a <see cref="ModelSpec"/> may stack.</summary>
public enum LayerKind
{
    /// <summary>Fully connected over the flattened input; weight [out, in] row-major.</summary>
    Dense = 0,
    /// <summary>1-D convolution over time, channels = sensors; weight [outC, inC, k].</summary>
    Conv1d = 1,
    /// <summary>1-D transposed convolution (the gradient of Conv1d); weight [inC, outC, k].</summary>
    ConvTranspose1d = 2,
}
