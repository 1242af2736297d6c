namespace FedAspire.Core.SecureAggregation;

/// <summary>A secure-aggregation round that cannot complete correctly: too few participants left, or a tampered message.</summary>
public sealed class SecureAggregationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecureAggregationException()
    {
    }

    /// <summary>Creates the exception with a message saying what failed and why.</summary>
    public SecureAggregationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that revealed the failure.</summary>
    public SecureAggregationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
