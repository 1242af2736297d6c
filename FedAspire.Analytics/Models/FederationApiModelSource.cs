using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Polls the federation HTTP API of the devices silo: <c>GET /federations/{name}/model.onnx</c> with the known identity in
/// <c>If-None-Match</c>. The server answers 304 while the latest version's identity (its ETag: epoch, number, fingerprint) is
/// unchanged, so the model is downloaded only when it is a different one.
/// </summary>
public sealed class FederationApiModelSource(HttpClient http, string federation) : IGlobalModelSource
{
    /// <inheritdoc/>
    public string Description => $"federation API {http.BaseAddress}federations/{federation}";

    /// <inheritdoc/>
    public async Task<GlobalModelCandidate?> TryGetChangedAsync(string? knownIdentity, CancellationToken cancellationToken)
    {
        var name = Uri.EscapeDataString(federation);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"federations/{name}/model.onnx");
        if (knownIdentity is not null) request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{knownIdentity}\""));
        using var model = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (model.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NotModified) return null;
        model.EnsureSuccessStatusCode();
        var bytes = await model.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0) return null;
        // A server without ETags (older silo): the payload's own hash is the identity.
        var identity = model.Headers.ETag?.Tag.Trim('"') ?? Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (identity == knownIdentity) return null;
        // The version in the ONNX metadata is authoritative; the watcher reads it when loading.
        return new GlobalModelCandidate(identity, -1, bytes, $"{http.BaseAddress}federations/{name}/model.onnx");
    }
}
