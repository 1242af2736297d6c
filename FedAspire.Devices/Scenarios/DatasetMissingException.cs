namespace FedAspire.Devices.Scenarios;

/// <summary>A real data set a scenario needs is not on this machine; the message says where it was looked for.</summary>
public sealed class DatasetMissingException(string message) : Exception(message);
