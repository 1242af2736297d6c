using System.Text.Json.Serialization;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// One compared configuration: a federated arm (partition x strategy, run through the aggregator grain) or a centralized
/// baseline (pooled data). <see cref="Rounds"/> holds rounds (federated) or epoch-equivalents (centralized autoencoder).
/// </summary>
/// <param name="Name">Arm id, e.g. <c>hybrid/fedprox-mu0.01</c> or <c>iid/centralized-ae</c>.</param>
/// <param name="Partition">Partition name.</param>
/// <param name="Method">Strategy label or baseline name.</param>
/// <param name="Kind"><c>federated</c> or <c>centralized</c>.</param>
/// <param name="Rounds">Per-round rows (empty for PCA).</param>
/// <param name="Final">The final model on all held-out windows at its threshold (federated: in-process scoring of the published version).</param>
/// <param name="TestErrorThreshold">The given quantile of the final model's held-out scores (reported only).</param>
/// <param name="Clients">Per-facility metrics of the final model.</param>
/// <param name="SkabProtocol">The final model on the SKAB leaderboard's point-wise protocol (SKAB scenarios with <c>skabProtocol</c> only).</param>
/// <param name="FedBuff">A FedBuff arm's simulated clock: steps, speeds, staleness (FedBuff arms only; its rounds are server steps).</param>
public sealed record ArmResult(string Name, string Partition, string Method, string Kind, IReadOnlyList<RoundRow> Rounds, DetectionSummary Final,
    float TestErrorThreshold, IReadOnlyList<ClientResult> Clients, SkabProtocolResult? SkabProtocol = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FedBuffSummary? FedBuff = null);
