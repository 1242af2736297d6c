namespace FedAspire.Devices.Scenarios;

/// <summary>A scenario file that cannot be run: the message names the file and the offending setting.</summary>
public sealed class ScenarioException(string message, Exception? inner = null) : Exception(message, inner);
