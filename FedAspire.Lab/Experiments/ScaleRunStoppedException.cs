namespace FedAspire.Lab.Experiments;

/// <summary>A scale run stopped on purpose before it finished (the machine ran short of memory); the message says why.</summary>
public sealed class ScaleRunStoppedException(string message) : Exception(message);
