using FedAspire.Devices.Scenarios;
namespace FedAspire.Lab.Experiments;

/// <summary>Everything a run produced that is deterministic by seed (<c>metrics.json</c>); timings live in <see cref="ExperimentTimings"/>.</summary>
public sealed record ExperimentResult(ExperimentScenario Scenario, IReadOnlyList<string> Notes, IReadOnlyList<ArmResult> Arms, ScaleResult? Scale);
