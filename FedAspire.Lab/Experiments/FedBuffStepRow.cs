namespace FedAspire.Lab.Experiments;

/// <summary>One server step of a FedBuff arm on the simulated clock.</summary>
/// <param name="Step">1-based step (the arm's round number).</param>
/// <param name="Time">Simulated time of the arrival that completed the buffer.</param>
/// <param name="Reported">Updates reported so far, accepted or not: the client-update budget spent.</param>
/// <param name="MeanStaleness">Mean tau of the step's updates.</param>
/// <param name="MaxStaleness">Largest tau among them.</param>
public sealed record FedBuffStepRow(int Step, double Time, int Reported, double MeanStaleness, long MaxStaleness);
