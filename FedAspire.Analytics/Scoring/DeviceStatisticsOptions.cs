namespace FedAspire.Analytics.Scoring;

/// <summary>
/// How the streaming scorer standardizes a device under local normalization: the mean and std of its first
/// <paramref name="WarmupReadings"/> readings (no predictions before), then means that follow drift over
/// <paramref name="DriftHorizonReadings"/> readings with the safeguards of <see cref="Core.Learning.DriftTracker"/>.
/// </summary>
public sealed record DeviceStatisticsOptions(int WarmupReadings, int DriftHorizonReadings);
