namespace FedAspire.Lab.Experiments;

/// <summary>Wall-clock durations of a run (<c>timings.json</c>): per arm, the duration of each round, and the scale measurements.</summary>
public sealed record ExperimentTimings(DateTimeOffset StartedAt, double TotalSeconds, IReadOnlyDictionary<string, double[]> RoundSeconds, ScaleTimings? Scale);
