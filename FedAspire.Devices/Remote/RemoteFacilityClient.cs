using FedAspire.Core.Federation.Remote;
using FedAspire.Core.SecureAggregation;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace FedAspire.Devices.Remote;

/// <summary>
/// The remote facility client: long-polls the federation API for work, answers it from local data with
/// <see cref="PartitionParticipant"/> and posts the result. Transient HTTP errors are retried with exponential backoff;
/// a rejected key stops it. Raw data never leaves this process.
/// </summary>
public sealed class RemoteFacilityClient
{
    /// <summary>Exit code when the server rejects the facility's key or client certificate (401/403), or the TLS handshake fails.</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>Exit code when the server answers a request the client cannot fix by retrying (another 4xx).</summary>
    public const int RequestRejected = 4;

    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(250);
    private readonly HttpClient _http;
    private readonly RemoteFacilityClientOptions _options;
    private readonly PartitionParticipant _participant;
    private readonly TextWriter _log;
    private readonly string _route;
    private bool _transient; // the last poll failed in a way worth retrying after a pause

    /// <summary>A client over <paramref name="http"/> (whose base address and auth header it sets) answering as <paramref name="participant"/>.</summary>
    public RemoteFacilityClient(HttpClient http, RemoteFacilityClientOptions options, PartitionParticipant participant, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(log);
        _http = http;
        _options = options;
        _participant = participant;
        _log = log;
        var baseUrl = options.FederationUrl.ToString();
        _http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        if (!string.IsNullOrEmpty(options.ApiKey)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        _http.Timeout = TimeSpan.FromSeconds(options.WaitSeconds + 60);
        _route = $"federations/{Uri.EscapeDataString(options.Federation)}/remote/{Uri.EscapeDataString(options.Facility)}";
    }

    /// <summary>Training results the server accepted so far.</summary>
    public int RoundsAccepted { get; private set; }

    /// <summary>Results the server rejected as invalid (400) or too late (409).</summary>
    public int ResultsRefused { get; private set; }

    /// <summary>Runs until cancelled (exit code 0), until <see cref="RemoteFacilityClientOptions.Rounds"/> training results were delivered, or until the key is rejected.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _log.WriteLine($"remote facility '{_options.Facility}' joining federation '{_options.Federation}' at {_http.BaseAddress} " +
            $"({_participant.TrainRows} training rows, {_participant.HeldOutRows} held-out rows stay here)");
        var backoff = InitialBackoff;
        int delivered = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (work, code) = await PollAsync(cancellationToken);
                if (code is { } exit) return exit;
                if (work is null)
                {
                    if (_transient) backoff = await BackoffAsync(backoff, cancellationToken);
                    else backoff = InitialBackoff;
                    continue;
                }
                backoff = InitialBackoff;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                RemoteResultDocument result;
                try
                {
                    result = await Task.Run(() => _participant.Answer(work, cancellationToken), cancellationToken);
                }
                catch (SecureAggregationException e)
                {
                    // The facility refuses what the aggregator asked (e.g. a weight above its count): it drops from that secure round.
                    _log.WriteLine($"round {work.RoundId,4}  {work.Kind,-17} refused here: {e.Message}");
                    continue;
                }
                var computed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (await PostAsync(work, result, computed, cancellationToken) is { } postExit) return postExit;
                if (work.Kind is RemoteWorkKind.Train or RemoteWorkKind.SecureTrain && _options.Rounds > 0 && ++delivered >= _options.Rounds)
                {
                    _log.WriteLine($"delivered {delivered} training results; stopping as asked (--rounds {_options.Rounds})");
                    return 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: nothing is half-sent that matters; unanswered work is simply late for the aggregator.
        }
        _log.WriteLine($"remote facility '{_options.Facility}' stopped ({RoundsAccepted} training results accepted, {ResultsRefused} refused)");
        return 0;
    }

    private async Task<(RemoteWorkDocument? Work, int? Exit)> PollAsync(CancellationToken cancellationToken)
    {
        _transient = false;
        try
        {
            var wait = _options.WaitSeconds.ToString(CultureInfo.InvariantCulture);
            using var response = await _http.GetAsync($"{_route}/work?waitSeconds={wait}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NoContent) return (null, null);
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<RemoteWorkDocument>(RemoteFacilityJson.Options, cancellationToken), null);
            return (null, await FailureAsync("GET work", response, cancellationToken));
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            // Retrying cannot fix an untrusted server certificate or a refused client certificate.
            _log.WriteLine($"GET work: the TLS handshake with {_http.BaseAddress} failed ({e.InnerException?.Message ?? e.Message}); " +
                "check the server's certificate against --server-ca and this facility's --client-cert");
            return (null, AuthenticationFailed);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            _log.WriteLine($"GET work failed ({e.Message}); retrying");
            _transient = true;
            return (null, null);
        }
    }

    private async Task<int?> PostAsync(RemoteWorkDocument work, RemoteResultDocument result, TimeSpan computed, CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        while (true)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync($"{_route}/results/{work.RoundId}", result, RemoteFacilityJson.Options, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    if (work.Kind is RemoteWorkKind.Train or RemoteWorkKind.SecureTrain) RoundsAccepted++;
                    _log.WriteLine($"round {work.RoundId,4}  {work.Kind,-17} {Describe(result)}  {computed.TotalSeconds:F2} s  accepted");
                    return null;
                }
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
                {
                    ResultsRefused++;
                    _log.WriteLine($"round {work.RoundId,4}  {work.Kind,-17} refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return null;
                }
                if (await FailureAsync($"POST results/{work.RoundId}", response, cancellationToken) is { } exit) return exit;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                _log.WriteLine($"POST results/{work.RoundId} failed ({e.Message}); retrying");
            }
            backoff = await BackoffAsync(backoff, cancellationToken);
        }
    }

    /// <summary>Null for a transient status (retry), else the exit code, after logging why.</summary>
    private async Task<int?> FailureAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        int status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            _log.WriteLine($"{what}: {status} {response.ReasonPhrase}: the server rejected the credentials of '{_options.Facility}'. {detail}");
            return AuthenticationFailed;
        }
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            _log.WriteLine($"{what}: {status} {response.ReasonPhrase}; retrying");
            _transient = true;
            return null;
        }
        _log.WriteLine($"{what}: {status} {response.ReasonPhrase}: {detail}");
        return RequestRejected;
    }

    private async Task<TimeSpan> BackoffAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        await Task.Delay(backoff, cancellationToken);
        var max = _options.MaxBackoff ?? TimeSpan.FromSeconds(30);
        return backoff * 2 < max ? backoff * 2 : max;
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException;

    private static string Describe(RemoteResultDocument r) => r switch
    {
        { Update: { } u } => string.Create(CultureInfo.InvariantCulture, $"{u.SampleCount,7} samples  loss {u.InitialLoss:F4} -> {u.FinalLoss:F4}"),
        { Statistics: { } s } => $"{s.Rows,7} rows summarized",
        { Scores: { } h } => $"{h.Windows,7} windows scored",
        { Evaluation: { } e } => string.Create(CultureInfo.InvariantCulture, $"{e.Samples,7} held-out windows  loss {e.Loss:F4}  F1 {e.Metrics?.F1 ?? double.NaN:F3}"),
        { SecureTraining: { } t } => string.Create(CultureInfo.InvariantCulture, $"{t.SampleCount,7} samples  loss {t.InitialLoss:F4} -> {t.FinalLoss:F4}, update kept, keys sent"),
        { ShareKeys: { } k } => $"{k.Shares.Length,7} encrypted shares",
        { MaskedInput: { } m } => $"{m.MaskedVector.Length,7} masked words",
        { Unmasking: { } u } => $"{u.SelfMaskShares.Length + u.MaskKeyShares.Length,7} shares revealed",
        _ => "",
    };
}
