namespace FedAspire.Core.Federation;

/// <summary>One participant's calibrated threshold for a model version.</summary>
/// <param name="ParticipantId">Facility (or device) id.</param>
/// <param name="Windows">Calibration windows it scored.</param>
/// <param name="Threshold">The threshold it raises alarms at: its own conformal threshold, the federation's relative threshold times
/// its <paramref name="Scale"/>, or the federation's threshold when it had too few windows even for that.</param>
/// <param name="Own">True when <paramref name="Threshold"/> is its own (enough calibration windows for the target).</param>
/// <param name="Scale">Its median calibration score when <paramref name="Threshold"/> is scaled from the federation's relative threshold
/// (<see cref="ModelCalibration.RelativeThreshold"/>); null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record ParticipantCalibration(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Windows,
    [property: Id(2)] float Threshold,
    [property: Id(3)] bool Own,
    [property: Id(4)] float? Scale = null);
