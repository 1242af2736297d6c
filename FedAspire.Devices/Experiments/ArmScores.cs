namespace FedAspire.Devices.Experiments;

/// <summary>The final held-out scores of an arm with their labels and threshold, kept in memory for the error-distribution plots.</summary>
public sealed record ArmScores(string Arm, float[] Scores, bool[] Labels, float Threshold);
