namespace FedAspire.Analytics.Commands;

/// <summary>Bad command-line input or input file; the message is printed as is, without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
