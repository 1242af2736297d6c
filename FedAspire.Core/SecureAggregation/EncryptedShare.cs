namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// One participant's shares of its two secrets for one neighbour, AES-GCM encrypted under a key only the two of them can derive;
/// the server forwards it unread.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EncryptedShare(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] byte[] Ciphertext);
