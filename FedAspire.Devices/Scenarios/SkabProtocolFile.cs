namespace FedAspire.Devices.Scenarios;

/// <summary>One labelled SKAB file as the leaderboard protocol evaluates it: every row, standardized, with every row's label.</summary>
/// <param name="ClientId">The facility that owns the file.</param>
/// <param name="Name">Facility-relative file name, e.g. <c>valve1/3</c>.</param>
/// <param name="Rows">All rows of the file in time order [rows, features], standardized with the file's own scaler.</param>
/// <param name="Labels">The benchmark's anomaly label of every row.</param>
/// <param name="TrainLength">Rows at the start that the benchmark treats as training data (400, or fewer in a short file).</param>
public sealed record SkabProtocolFile(string ClientId, string Name, float[] Rows, bool[] Labels, int TrainLength);
