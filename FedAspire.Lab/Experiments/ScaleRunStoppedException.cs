namespace FedAspire.Lab.Experiments;

/// <summary>A scale run stopped before it finished (the machine ran short of memory, or a silo process ended); the message says why.</summary>
public sealed class ScaleRunStoppedException(string message) : Exception(message);
