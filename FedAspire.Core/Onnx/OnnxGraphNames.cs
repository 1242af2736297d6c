namespace FedAspire.Core.Onnx;

/// <summary>Names of the inputs, outputs and symbolic dimension of an exported FedAspire model.</summary>
public static class OnnxGraphNames
{
    /// <summary>Raw sensor values, float [batch, F] or [batch, Window, F]; may be NaN where the mask is 0.</summary>
    public const string Input = "input";

    /// <summary>Presence mask with the input's shape: 1 = observed, 0 = missing (values above 0.5 count as observed).</summary>
    public const string Mask = "mask";

    /// <summary>Optional input [F]: per-feature mean to standardize with (an overridable initializer; default: the exported normalization).</summary>
    public const string NormalizationMean = "normalization.mean";

    /// <summary>Optional input [F]: per-feature scale (std, 1 where below <c>FeatureNormalization.MinStd</c>) to standardize with.</summary>
    public const string NormalizationScale = "normalization.scale";

    /// <summary>Reconstruction in raw units, the input's shape.</summary>
    public const string Reconstruction = "reconstruction";

    /// <summary>Per-sample anomaly score [batch]: masked mean squared error in normalized space.</summary>
    public const string Score = "score";

    /// <summary>The symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";
}
