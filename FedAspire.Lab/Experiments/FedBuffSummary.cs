namespace FedAspire.Lab.Experiments;

/// <summary>
/// What a FedBuff arm's simulated clock did: its steps, the participants' speeds and accepted updates, updates reported and
/// rejected, the simulated time it took and the time synchronous rounds would have taken at the same speeds.
/// </summary>
public sealed record FedBuffSummary(
    IReadOnlyList<FedBuffStepRow> Steps,
    IReadOnlyList<FedBuffParticipant> Participants,
    int Reported,
    int Rejected,
    double SimulatedTime,
    double SynchronousTime);
