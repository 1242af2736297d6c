namespace FedAspire.Devices.Experiments;

/// <summary>One round of an arm (or one epoch-equivalent of a centralized baseline): loss, held-out metrics, participation.</summary>
public sealed record RoundRow(
    int Round,
    string Outcome,
    long Version,
    int Participants,
    int Sampled,
    long Samples,
    double TrainingLoss,
    double EvalLoss,
    float Threshold,
    double F1,
    double FalseAlarmRate,
    double MissedAlarmRate,
    double PrAuc,
    double RocAuc,
    int Rejections,
    int Failures);
