namespace FedAspire.Benchmarks.Dashboard;

/// <summary>One page load per iteration, 100 after 10 warm-ups: a load takes tens of milliseconds, not microseconds.</summary>
public sealed class DashboardLoadBenchmarkConfig() : SingleCallConfig(warmups: 10, iterations: 100);
