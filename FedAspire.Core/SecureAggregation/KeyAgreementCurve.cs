namespace FedAspire.Core.SecureAggregation;

/// <summary>The elliptic curve of the participants' Diffie-Hellman key pairs.</summary>
public enum KeyAgreementCurve
{
    /// <summary>NIST P-256 ECDH: supported by System.Security.Cryptography on every platform .NET runs on.</summary>
    P256 = 0,

    /// <summary>X25519 (curve25519): used only where the platform's ECDiffieHellman supports it (not .NET 10 on Linux/OpenSSL).</summary>
    X25519 = 1,
}
