namespace FedAspire.Lab.Experiments;

/// <summary>One participant of a FedBuff arm: its drawn mean job duration and how many of its updates the buffer accepted.</summary>
public sealed record FedBuffParticipant(string Id, double MeanDuration, int Accepted);
