using System.Net.Http.Json;
using System.Text.Json;

namespace FedAspire.Tests.Topology;

/// <summary>Polls a JSON endpoint of a process under test until a condition holds, failing with the last answer when time runs out.</summary>
internal static class JsonPolling
{
    /// <summary>GETs <paramref name="url"/> (absolute, or relative to the client's base address) every 200 ms until <paramref name="done"/>.</summary>
    public static async Task<JsonElement> UntilAsync(HttpClient http, string url, Func<JsonElement, bool> done, string what, CancellationToken ct)
    {
        string where = http.BaseAddress is { } b && !Uri.IsWellFormedUriString(url, UriKind.Absolute) ? new Uri(b, url).ToString() : url;
        string last = "no answer yet";
        while (true)
        {
            if (ct.IsCancellationRequested) Assert.Fail($"Timed out waiting for {what} at {where} (last: {last}).");
            try
            {
                using var response = await http.GetAsync(url, ct);
                last = $"{(int)response.StatusCode}";
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                    last = body.ToString();
                    if (done(body)) return body;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what} at {where} (last: {last}).");
            }
            try { await Task.Delay(200, ct); }
            catch (OperationCanceledException) { Assert.Fail($"Timed out waiting for {what} at {where} (last: {last})."); }
        }
    }
}
