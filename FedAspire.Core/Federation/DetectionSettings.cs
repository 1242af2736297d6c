using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>How a federation turns reconstruction errors into alarms: normalization, the false-alarm target and the calibration data.</summary>
/// <param name="Normalization">Local (each participant's own statistics, the default) or global (merged) normalization.</param>
/// <param name="FalseAlarmTarget">The share of normal windows allowed to raise an alarm; thresholds are conformal quantiles at it.</param>
/// <param name="CalibrationFraction">
/// Share of a participant's training rows (its latest) held back for calibration when its data does not already name calibration rows:
/// thresholds are set on windows no model was fitted to.
/// </param>
/// <param name="DriftHorizon">
/// Under local normalization, the horizon over which a participant's normalization means follow slow drift of normal operation, as a
/// share of its training rows (0 turns drift following off). See <see cref="DriftTracker"/> for the safeguards.
/// </param>
[GenerateSerializer, Immutable]
public sealed record DetectionSettings(
    [property: Id(0)] NormalizationMode Normalization = NormalizationMode.Local,
    [property: Id(1)] double FalseAlarmTarget = 0.01,
    [property: Id(2)] double CalibrationFraction = 0.25,
    [property: Id(3)] double DriftHorizon = 0.25)
{
    /// <summary>Local normalization following drift over a quarter of the training span, 1 % false alarms, a quarter of the training span for calibration.</summary>
    public static DetectionSettings Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Normalization)) throw new ArgumentException($"Unknown normalization mode {(int)Normalization}.");
        if (!(FalseAlarmTarget > 0 && FalseAlarmTarget < 1)) throw new ArgumentException($"The false-alarm target must be in (0, 1), got {FalseAlarmTarget}.");
        if (!(CalibrationFraction > 0 && CalibrationFraction < 1)) throw new ArgumentException($"The calibration fraction must be in (0, 1), got {CalibrationFraction}.");
        if (!(DriftHorizon >= 0 && DriftHorizon <= 10)) throw new ArgumentException($"The drift horizon must be in [0, 10] (a share of the training rows; 0 = off), got {DriftHorizon}.");
    }

    /// <summary>
    /// Rows over which a participant with <paramref name="trainingRows"/> training rows follows drift: 0 when drift following is off
    /// (or normalization is global, whose statistics are the federation's, fixed per version), else at least <see cref="DriftTracker.MinHorizonRows"/>.
    /// </summary>
    public int DriftHorizonRows(long trainingRows)
    {
        if (Normalization != NormalizationMode.Local || DriftHorizon <= 0) return 0;
        return (int)Math.Clamp(DriftHorizon * trainingRows, DriftTracker.MinHorizonRows, int.MaxValue);
    }
}
