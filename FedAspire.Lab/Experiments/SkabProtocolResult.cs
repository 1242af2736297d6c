namespace FedAspire.Lab.Experiments;

/// <summary>An arm's final model on the SKAB leaderboard protocol: whole files (as the notebook scores) and test parts only (rows 400..).</summary>
/// <param name="WholeFile">Every reading of every labelled file.</param>
/// <param name="TestPart">Only readings after each file's 400 training rows.</param>
/// <param name="Clients">The same per facility.</param>
/// <param name="Files">Labelled files evaluated.</param>
/// <param name="UncalibratedFiles">Files too short for one window inside the training rows (no UCL: no alarms).</param>
public sealed record SkabProtocolResult(PointwiseSummary WholeFile, PointwiseSummary TestPart, IReadOnlyList<SkabProtocolClient> Clients, int Files, int UncalibratedFiles);
