namespace FedAspire.Lab.Commands;

/// <summary>Bad command-line input; the message is printed as is, without a stack trace.</summary>
public sealed class CommandLineException(string message) : Exception(message);
