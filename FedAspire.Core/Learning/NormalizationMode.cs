namespace FedAspire.Core.Learning;

/// <summary>Whose statistics standardize a participant's raw readings before the shared model sees them.</summary>
public enum NormalizationMode
{
    /// <summary>
    /// Each participant (facility or device) standardizes with the mean and std of its own training rows, which never leave it; the
    /// shared model learns standardized patterns (as FedBN and SiloBN keep statistics local). Offsets, gains and units that differ
    /// between sites then cost nothing.
    /// </summary>
    Local,

    /// <summary>Every participant uses one normalization merged from all participants' statistics (count, mean, M2 per feature).</summary>
    Global,
}
