using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.Aggregator.Remote;

/// <summary>
/// Client-certificate (mTLS) authentication of remote facilities: ASP.NET Core's certificate handler checks the certificate
/// (validity period, client-auth use, chain to a pinned CA or self-signed), then the facility's pins decide whose it is.
/// </summary>
public static class RemoteFacilityCertificates
{
    /// <summary>The authentication scheme the remote facility API asks for a certificate with.</summary>
    public const string Scheme = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// Registers certificate authentication when some facility in <paramref name="options"/> pins a certificate: the handler (trust
    /// store = the pinned CAs) and Kestrel HTTPS defaults that ask every client for a certificate without requiring one (facilities
    /// with keys, the dashboard and the operator API need none) and leave the verdict to the handler. Throws
    /// <see cref="InvalidOperationException"/> naming the key of a malformed thumbprint or an unreadable CA file.
    /// </summary>
    public static IServiceCollection AddRemoteFacilityCertificates(this IServiceCollection services, RemoteFacilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var authorities = LoadAuthorities(options);
        services.AddSingleton(authorities);
        if (!options.AnyRequiresCertificate) return services;

        services.AddAuthentication().AddCertificate(Scheme, o =>
        {
            o.AllowedCertificateTypes = CertificateTypes.All; // self-signed ones only count when pinned by thumbprint
            o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            o.CustomTrustStore = [.. authorities.ByFacility.Values];
            o.RevocationMode = options.CertificateRevocation;
            o.ValidateValidityPeriod = true;
            o.ValidateCertificateUse = true;
        });
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            // The TLS layer accepts any certificate so the handler can answer 401 with a reason instead of a dropped handshake.
            https.ClientCertificateValidation = static (_, _, _) => true;
        }));
        return services;
    }

    /// <summary>Each facility's pinned issuing CA, read from <see cref="RemoteFacilityCredential.CertificateAuthorityPath"/>; checks thumbprints too.</summary>
    public static RemoteFacilityAuthorities LoadAuthorities(RemoteFacilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var authorities = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var (id, credential) in options.Facilities)
        {
            string key = $"{RemoteFacilityOptions.Section}:Facilities:{id}";
            if (!string.IsNullOrWhiteSpace(credential.CertificateSha256) && NormalizeThumbprint(credential.CertificateSha256) is null)
                throw new InvalidOperationException(
                    $"{key}:CertificateSha256 must be 64 hex digits (colons allowed), the SHA-256 fingerprint of the facility's certificate; got '{credential.CertificateSha256}'.");
            if (string.IsNullOrWhiteSpace(credential.CertificateAuthorityPath)) continue;
            var path = Path.GetFullPath(credential.CertificateAuthorityPath);
            if (!File.Exists(path)) throw new InvalidOperationException($"{key}:CertificateAuthorityPath: '{path}' does not exist.");
            try
            {
                authorities[id] = LoadCertificate(path);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{key}:CertificateAuthorityPath: '{path}' is not a PEM or DER certificate ({e.Message}).", e);
            }
        }
        return new RemoteFacilityAuthorities(authorities);
    }

    /// <summary>Reads a certificate (no private key) from a PEM or DER file.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        var text = File.ReadAllText(path);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }

    /// <summary>The lower-case hex SHA-256 thumbprint of <paramref name="certificate"/>, as <see cref="RemoteFacilityCredential.CertificateSha256"/> holds it.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
    }

    /// <summary>
    /// Runs the certificate handler on <paramref name="http"/>'s connection: the validated certificate, or null and why not
    /// (no certificate presented, or the handler's refusal with the validity period spelled out).
    /// </summary>
    public static async Task<(X509Certificate2? Certificate, string Problem)> AuthenticateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var presented = http.Connection.ClientCertificate ?? await http.Connection.GetClientCertificateAsync(http.RequestAborted);
        if (presented is null)
            return (null, http.Request.IsHttps ? "no client certificate was presented" : "client certificates need HTTPS; this request came over plain HTTP");
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Succeeded) return (presented, "");
        var now = DateTime.UtcNow;
        string why = now > presented.NotAfter.ToUniversalTime() ? $"it expired on {presented.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z"
            : now < presented.NotBefore.ToUniversalTime() ? $"it is not valid before {presented.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z"
            : "it is not issued by a pinned certificate authority (nor self-signed and pinned)";
        return (null, $"the client certificate '{presented.Subject}' was refused: {why}");
    }

    /// <summary>
    /// Decides access of a <paramref name="certificate"/> the handler validated to <paramref name="facilityId"/>: allowed when it
    /// meets every pin of that facility (thumbprint; issued by its CA with the facility id as common name), forbidden when it is
    /// another facility's, unauthenticated otherwise.
    /// </summary>
    public static RemoteAccess Check(RemoteFacilityOptions options, RemoteFacilityAuthorities authorities, string facilityId, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authorities);
        if (certificate is null) return RemoteAccess.Unauthenticated;
        bool other = false;
        foreach (var (id, credential) in options.Facilities)
        {
            if (!credential.RequiresCertificate || !Matches(id, credential, authorities.ByFacility.GetValueOrDefault(id), certificate)) continue;
            if (string.Equals(id, facilityId, StringComparison.Ordinal)) return RemoteAccess.Allowed;
            other = true;
        }
        return other ? RemoteAccess.Forbidden : RemoteAccess.Unauthenticated;
    }

    private static bool Matches(string id, RemoteFacilityCredential credential, X509Certificate2? authority, X509Certificate2 certificate)
    {
        if (!string.IsNullOrWhiteSpace(credential.CertificateSha256)
            && !string.Equals(NormalizeThumbprint(credential.CertificateSha256), Thumbprint(certificate), StringComparison.Ordinal))
            return false;
        if (!string.IsNullOrWhiteSpace(credential.CertificateAuthorityPath))
        {
            if (authority is null || !string.Equals(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), id, StringComparison.Ordinal)) return false;
            // The handler trusts every facility's CA at once; this facility's certificate must chain to its own.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // the handler applied the configured revocation check
            if (!chain.Build(certificate)) return false;
        }
        return true;
    }

    private static string? NormalizeThumbprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return hex.Length == SHA256.HashSizeInBytes * 2 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }
}
