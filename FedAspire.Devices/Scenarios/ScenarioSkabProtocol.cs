namespace FedAspire.Devices.Scenarios;

/// <summary>
/// The SKAB leaderboard's point-wise evaluation (its Conv-AE notebook): per labelled file, stride-1 windows over the whole file,
/// an upper control limit UCL = <see cref="Quantile"/>-quantile x <see cref="Factor"/> of the scores of the windows inside the
/// file's first 400 rows, window alarms when score &gt; UCL, point alarms when all covering windows alarm.
/// </summary>
public sealed record ScenarioSkabProtocol
{
    /// <summary>Readings per window (the notebook's N_STEPS); must equal the model's window.</summary>
    public int Window { get; init; } = 60;

    /// <summary>Quantile of the file's training-window scores (the notebook's Q).</summary>
    public double Quantile { get; init; } = 0.999;

    /// <summary>Multiplier of that quantile (the notebook's 4/3).</summary>
    public double Factor { get; init; } = 4.0 / 3;
}
