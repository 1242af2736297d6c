namespace FedAspire.Lab.Experiments;

/// <summary>The deterministic outcome of a scale run: how many grains took part and what the round produced.</summary>
public sealed record ScaleResult(int Devices, int Facilities, int ReadingsPerDevice, int RegisteredDevices, string Outcome, int Participants,
    long Samples, double TrainingLoss, float Threshold);
