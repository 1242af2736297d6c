namespace FedAspire.Benchmarks.Aggregation;

/// <summary>One whole round per iteration, 5 after one warm-up: a round of 1,000 facilities takes seconds.</summary>
public sealed class SecureRoundBenchmarkConfig() : SingleCallConfig(warmups: 1, iterations: 5);
