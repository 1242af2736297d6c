using System.Net;
using System.Text.Json;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Polls the federation HTTP API of the devices silo: <c>GET /federations/{name}/status</c> (its <c>version</c>), then
/// <c>GET /federations/{name}/model.onnx</c> only when the version is newer than the one in use.
/// </summary>
public sealed class FederationApiModelSource(HttpClient http, string federation) : IGlobalModelSource
{
    /// <inheritdoc/>
    public string Description => $"federation API {http.BaseAddress}federations/{federation}";

    /// <inheritdoc/>
    public async Task<GlobalModelCandidate?> TryGetNewerAsync(long knownVersion, CancellationToken cancellationToken)
    {
        var name = Uri.EscapeDataString(federation);
        using (var status = await http.GetAsync($"federations/{name}/status", cancellationToken).ConfigureAwait(false))
        {
            if (status.StatusCode == HttpStatusCode.NotFound) return null;
            status.EnsureSuccessStatusCode();
            await using var stream = await status.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!json.RootElement.TryGetProperty("version", out var version) || !version.TryGetInt64(out var v) || v <= knownVersion) return null;
        }
        using var model = await http.GetAsync($"federations/{name}/model.onnx", cancellationToken).ConfigureAwait(false);
        if (model.StatusCode == HttpStatusCode.NotFound) return null;
        model.EnsureSuccessStatusCode();
        var bytes = await model.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        // The version in the ONNX metadata is authoritative; the watcher reads it when loading.
        return bytes.Length == 0 ? null : new GlobalModelCandidate(knownVersion + 1, bytes, $"{http.BaseAddress}federations/{name}/model.onnx");
    }
}
