namespace FedAspire.Lab.Experiments;

/// <summary>One facility's result under a final model: its data sizes and detection metrics on its own held-out windows.</summary>
public sealed record ClientResult(string Id, int TrainRows, int HeldOutRows, DetectionSummary Metrics);
