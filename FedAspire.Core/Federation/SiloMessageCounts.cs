namespace FedAspire.Core.Federation;

/// <summary>
/// Orleans messages of one silo: those it wrote to and read from connections (other silos, clients), with their sizes in bytes
/// (header and body), and the calls it delivered to its own activations without a connection.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SiloMessageCounts(
    [property: Id(0)] long SentMessages,
    [property: Id(1)] long SentBytes,
    [property: Id(2)] long ReceivedMessages,
    [property: Id(3)] long ReceivedBytes,
    [property: Id(4)] long LocalMessages)
{
    /// <summary>No messages.</summary>
    public static SiloMessageCounts Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>What was counted between <paramref name="earlier"/> and this count.</summary>
    public SiloMessageCounts Since(SiloMessageCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(SentMessages - earlier.SentMessages, SentBytes - earlier.SentBytes, ReceivedMessages - earlier.ReceivedMessages,
            ReceivedBytes - earlier.ReceivedBytes, LocalMessages - earlier.LocalMessages);
    }

    /// <summary>Both counts added (silos summed into a cluster total).</summary>
    public SiloMessageCounts Plus(SiloMessageCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(SentMessages + other.SentMessages, SentBytes + other.SentBytes, ReceivedMessages + other.ReceivedMessages,
            ReceivedBytes + other.ReceivedBytes, LocalMessages + other.LocalMessages);
    }
}
