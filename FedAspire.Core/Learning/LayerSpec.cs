namespace FedAspire.Core.Learning;

/// <summary>One layer of a model: its kind, output width (units or channels), activation and, for convolutions, geometry.</summary>
[GenerateSerializer, Immutable]
public sealed record LayerSpec(
    [property: Id(0)] LayerKind Kind,
    [property: Id(1)] int Outputs,
    [property: Id(2)] Activation Activation,
    [property: Id(3)] int Kernel = 1,
    [property: Id(4)] int Stride = 1,
    [property: Id(5)] int Padding = 0,
    [property: Id(6)] int OutputPadding = 0)
{
    /// <summary>A dense layer with <paramref name="units"/> outputs.</summary>
    public static LayerSpec Dense(int units, Activation activation) => new(LayerKind.Dense, units, activation);

    /// <summary>A Conv1d layer.</summary>
    public static LayerSpec Conv(int channels, int kernel, int stride, int padding, Activation activation) =>
        new(LayerKind.Conv1d, channels, activation, kernel, stride, padding);

    /// <summary>A ConvTranspose1d layer.</summary>
    public static LayerSpec ConvTranspose(int channels, int kernel, int stride, int padding, int outputPadding, Activation activation) =>
        new(LayerKind.ConvTranspose1d, channels, activation, kernel, stride, padding, outputPadding);
}
