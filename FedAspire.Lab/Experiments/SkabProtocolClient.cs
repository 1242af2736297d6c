namespace FedAspire.Lab.Experiments;

/// <summary>One facility's files on the SKAB leaderboard protocol.</summary>
public sealed record SkabProtocolClient(string Id, int Files, PointwiseSummary WholeFile, PointwiseSummary TestPart);
