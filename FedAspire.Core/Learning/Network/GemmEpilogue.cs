namespace FedAspire.Core.Learning.Network;

/// <summary>What <see cref="MatrixKernels.Multiply"/> does with a finished tile of A·B before writing it to C.</summary>
internal enum GemmEpilogue
{
    /// <summary>C = bias + A·B.</summary>
    Store = 0,
    /// <summary>C += A·B.</summary>
    Accumulate = 1,
    /// <summary>C = max(bias + A·B, 0).</summary>
    Relu = 2,
    /// <summary>C = bias + A·B where Y &gt; 0, else 0 (the ReLU derivative through the layer output Y).</summary>
    ReluGradient = 3,
}
