namespace FedAspire.Benchmarks.History;

/// <summary>
/// 300 measured calls after 300 warm-ups (a long-running silo serves these at steady state): the history reads take tenths of
/// a millisecond, so many calls fit and the P99 rests on three of them.
/// </summary>
public sealed class RoundHistoryBenchmarkConfig() : SingleCallConfig(warmups: 300, iterations: 300);
