using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>How a federation turns reconstruction errors into alarms: normalization, the false-alarm target and the calibration data.</summary>
/// <param name="Normalization">Local (each participant's own statistics, the default) or global (merged) normalization.</param>
/// <param name="FalseAlarmTarget">The share of normal windows allowed to raise an alarm; thresholds are conformal quantiles at it.</param>
/// <param name="CalibrationFraction">
/// Share of a participant's training rows (its latest) held back for calibration when its data does not already name calibration rows:
/// thresholds are set on windows no model was fitted to.
/// </param>
[GenerateSerializer, Immutable]
public sealed record DetectionSettings(
    [property: Id(0)] NormalizationMode Normalization = NormalizationMode.Local,
    [property: Id(1)] double FalseAlarmTarget = 0.01,
    [property: Id(2)] double CalibrationFraction = 0.25)
{
    /// <summary>Local normalization, 1 % false alarms, a quarter of the training span for calibration.</summary>
    public static DetectionSettings Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Normalization)) throw new ArgumentException($"Unknown normalization mode {(int)Normalization}.");
        if (!(FalseAlarmTarget > 0 && FalseAlarmTarget < 1)) throw new ArgumentException($"The false-alarm target must be in (0, 1), got {FalseAlarmTarget}.");
        if (!(CalibrationFraction > 0 && CalibrationFraction < 1)) throw new ArgumentException($"The calibration fraction must be in (0, 1), got {CalibrationFraction}.");
    }
}
