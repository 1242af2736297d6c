namespace FedAspire.Lab.Experiments;

/// <summary>
/// One round of an arm (or one epoch-equivalent of a centralized baseline): loss, held-out metrics, participation. A federated
/// round's <see cref="PrAuc"/>/<see cref="RocAuc"/> are the federated evaluation's mean over facilities; <see cref="PooledPrAuc"/> is
/// the PR-AUC of that round's model on all facilities' held-out windows pooled (the centralized autoencoder's AUCs are pooled).
/// <see cref="Epsilon"/> is the federation's cumulative epsilon after the round at its privacy delta (NaN without privacy).
/// <see cref="GlobalLoss"/> is the round's global model on every participant's training windows (<see cref="HeldOutScoring.TrainingLoss"/>;
/// federated arms only), where <see cref="TrainingLoss"/> is what the round's contributors reported after local training.
/// </summary>
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
    int Failures,
    double PooledPrAuc = double.NaN,
    double Epsilon = double.NaN,
    double GlobalLoss = double.NaN);
