namespace FedAspire.Core.Federation;

/// <summary>One participant's calibrated threshold for a model version.</summary>
/// <param name="ParticipantId">Facility (or device) id.</param>
/// <param name="Windows">Calibration windows it scored.</param>
/// <param name="Threshold">The threshold it raises alarms at: its own conformal threshold, or the federation's when it had too few windows.</param>
/// <param name="Own">True when <paramref name="Threshold"/> is its own (enough calibration windows for the target), false when it is the federation's.</param>
[GenerateSerializer, Immutable]
public sealed record ParticipantCalibration(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Windows,
    [property: Id(2)] float Threshold,
    [property: Id(3)] bool Own);
