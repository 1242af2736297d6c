namespace FedAspire.Core.Learning;

/// <summary>Element-wise activation applied after a layer's affine map.</summary>
public enum Activation
{
    Identity = 0,
    Relu = 1,
    Tanh = 2,
    Sigmoid = 3,
}
