using FedAspire.Core.Federation.Remote;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Remote;

namespace FedAspire.Tests.Topology;

/// <summary>A remote facility joining a real silo host over the authenticated federation API.</summary>
[Trait("Area", "Topology")]
public sealed class RemoteFacilityTests(RemoteFacilitySilo silo) : IClassFixture<RemoteFacilitySilo>
{
    private const string Remote = RemoteFacilitySilo.RemoteId;

    [Fact]
    public async Task A_remote_client_trains_alongside_the_in_silo_facilities_and_its_update_is_aggregated()
    {
        var ct = TestContext.Current.CancellationToken;
        // Quorum 3 of 3: no round can complete without the remote facility's update.
        var aggregator = await silo.ConfigureAsync("remote-joins", quorum: 3, deadlineSeconds: 30);
        var (client, http, log) = silo.Client("remote-joins", RemoteFacilitySilo.RemoteKey);
        using var _ = http;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = client.RunAsync(stop.Token);

        var first = await aggregator.RunRoundAsync();
        var second = await aggregator.RunRoundAsync();
        await stop.CancelAsync();
        int exit = await running.WaitAsync(TimeSpan.FromSeconds(20), ct);

        foreach (var round in new[] { first, second })
        {
            Assert.True(round.Outcome == RoundOutcome.Completed, $"{round.FailureReason}\n{log}");
            var remote = Assert.Single(round.Contributions, c => c.ParticipantId == Remote);
            Assert.True(remote.Samples > 1000, $"remote trained on {remote.Samples} windows");
            Assert.Equal(3, round.Contributions.Count);
            Assert.Empty(round.Rejections);
            Assert.True(double.IsFinite(round.TrainingLoss));
        }
        Assert.True(second.Evaluation!.Samples > first.Evaluation!.Samples / 2, "the remote held-out windows are part of the federated evaluation");
        Assert.Equal(0, exit);
        Assert.Equal(2, client.RoundsAccepted);
        Assert.Equal(0, client.ResultsRefused);
        Assert.Contains("accepted", log.ToString(), StringComparison.Ordinal);
        var status = await aggregator.GetStatusAsync();
        Assert.Equal(2, status.Version);
        Assert.Equal(6, status.UpdatesAccepted);
    }

    [Fact]
    public async Task Under_local_normalization_no_statistics_leave_the_remote_facility_and_it_is_calibrated_on_its_own_threshold()
    {
        var ct = TestContext.Current.CancellationToken;
        var aggregator = await silo.ConfigureAsync("remote-local", quorum: 3, deadlineSeconds: 30, NormalizationMode.Local);
        using var recorder = new RecordingHandler();
        var (client, http, log) = silo.Client("remote-local", RemoteFacilitySilo.RemoteKey, recorder);
        using var _ = http;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = client.RunAsync(stop.Token);

        var round = await aggregator.RunRoundAsync();
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.True(round.Outcome == RoundOutcome.Completed, $"{round.FailureReason}\n{log}");
        // What travels: work in, results out. No feature-statistics work is ever asked for, and no result carries statistics.
        Assert.DoesNotContain(recorder.Received, body => body.Contains("\"SummarizeFeatures\"", StringComparison.Ordinal));
        Assert.NotEmpty(recorder.Sent);
        Assert.DoesNotContain(recorder.Sent, body => System.Text.RegularExpressions.Regex.IsMatch(body, "\"statistics\"\\s*:\\s*\\{"));
        Assert.Contains(recorder.Sent, body => body.Contains("\"SummarizeScores\"", StringComparison.Ordinal));
        var version = await silo.Registry.GetLatestAsync("remote-local", ct);
        var calibration = Assert.IsType<ModelCalibration>(version!.Calibration);
        Assert.Equal(NormalizationMode.Local, calibration.Normalization);
        var remote = Assert.Single(calibration.Participants, p => p.ParticipantId == Remote);
        Assert.True(remote.Own && remote.Windows > 0 && float.IsFinite(remote.Threshold));
        // The stored normalization of a local-mode export is the identity: the real statistics stayed with the participants.
        Assert.All(version.Normalization.Mean, m => Assert.Equal(0f, m));
    }

    /// <summary>Records every request body the client sends and every response body it receives.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Sent { get; } = [];

        public System.Collections.Concurrent.ConcurrentBag<string> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content) Sent.Add(await content.ReadAsStringAsync(cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            Received.Add(await response.Content.ReadAsStringAsync(cancellationToken));
            return response;
        }
    }

    [Fact]
    public async Task Missing_wrong_or_foreign_keys_get_401_or_403_and_nothing_of_them_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var anonymous = silo.Http(null))
        {
            using var response = await anonymous.GetAsync($"federations/remote-auth/remote/{Remote}/work?waitSeconds=0", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
        using (var wrong = silo.Http("not-the-key"))
        {
            using var get = await wrong.GetAsync($"federations/remote-auth/remote/{Remote}/work?waitSeconds=0", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
            using var post = await wrong.PostAsync($"federations/remote-auth/remote/{Remote}/results/1", Json("""{"kind":"Train"}"""), ct);
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }
        using (var other = silo.Http(RemoteFacilitySilo.OtherRemoteKey))
        {
            using var foreign = await other.GetAsync($"federations/remote-auth/remote/{Remote}/work?waitSeconds=0", ct);
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            // The same key is valid for its own facility (configured as upper-case hex): no work there, so 204.
            using var own = await other.GetAsync($"federations/remote-auth/remote/{RemoteFacilitySilo.OtherRemoteId}/work?waitSeconds=0", ct);
            Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        }

        // A client with a wrong key stops with the authentication exit code; the round goes on without it.
        var aggregator = await silo.ConfigureAsync("remote-auth", quorum: 2, deadlineSeconds: 3);
        var (client, http, log) = silo.Client("remote-auth", "not-the-key");
        using var _ = http;
        var running = client.RunAsync(ct);
        var round = await aggregator.RunRoundAsync();
        Assert.Equal(RemoteFacilityClient.AuthenticationFailed, await running.WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Contains("401", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(RoundOutcome.Completed, round.Outcome);
        Assert.DoesNotContain(round.Contributions, c => c.ParticipantId == Remote);
        Assert.Contains(round.Rejections, r => r.ParticipantId == Remote && r.Reason == RejectionReason.Late);
    }

    [Fact]
    public async Task Poisoned_updates_get_400_are_rejected_and_counted_and_the_round_completes_by_quorum()
    {
        var ct = TestContext.Current.CancellationToken;
        var aggregator = await silo.ConfigureAsync("remote-poison", quorum: 2, deadlineSeconds: 10);
        using var http = silo.Http(RemoteFacilitySilo.RemoteKey);
        string route = $"federations/remote-poison/remote/{Remote}";

        var firstRound = aggregator.RunRoundAsync();
        // Initialization asks for feature statistics first: a summary of the wrong width is refused (and fails that call at once).
        var features = await NextWorkAsync(http, route, RemoteWorkKind.SummarizeFeatures, ct);
        using (var bad = await http.PostAsJsonAsync($"{route}/results/0",
            new RemoteResultDocument(RemoteWorkKind.SummarizeFeatures, Statistics: new RemoteFeatureStatistics(10, [10], [0.5], [1.0])), RemoteFacilityJson.Options, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains($"{features.Features!.Count} requested features", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        var train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
        var nan = (float[])train.Parameters!.Clone();
        nan[7] = float.NaN;
        using (var poisoned = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}",
            new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(nan, 500, 1f, 0.5f)), RemoteFacilityJson.Options, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, poisoned.StatusCode);
            Assert.Contains("non-finite parameter at index 7", await poisoned.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        var first = await firstRound;
        Assert.Equal(RoundOutcome.Completed, first.Outcome);
        Assert.Equal(2, first.Contributions.Count);
        Assert.Contains(first.Rejections, r => r.ParticipantId == Remote && r.Reason == RejectionReason.NonFinite);

        var secondRound = aggregator.RunRoundAsync();
        train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
        using (var tooShort = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}",
            new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(train.Parameters![..^1], 500, 1f, 0.5f)), RemoteFacilityJson.Options, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
            Assert.Contains($"{train.Parameters.Length - 1} parameters, expected {train.Parameters.Length}", await tooShort.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        // Answering again (or for another round) finds no pending work.
        using (var again = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}",
            new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(train.Parameters, 500, 1f, 0.5f)), RemoteFacilityJson.Options, ct))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var second = await secondRound;
        Assert.Equal(RoundOutcome.Completed, second.Outcome);
        Assert.Contains(second.Rejections, r => r.ParticipantId == Remote && r.Reason == RejectionReason.WrongLength);
        var status = await aggregator.GetStatusAsync();
        Assert.Equal(2, status.UpdatesRejected);
        Assert.Equal(4, status.UpdatesAccepted);
    }

    [Fact]
    public async Task A_lying_remote_facility_moves_normalization_model_threshold_and_metrics_at_most_by_its_capped_share()
    {
        var ct = TestContext.Current.CancellationToken;
        var aggregator = await silo.ConfigureAsync("remote-liar", quorum: 2, deadlineSeconds: 20, normBound: 1000);
        using var http = silo.Http(RemoteFacilitySilo.RemoteKey);
        string route = $"federations/remote-liar/remote/{Remote}";
        const long Big = 500_000_000, Bigger = 900_000_000; // under the per-claim limit of 10^9, so only the robust merges stop them

        var firstRound = aggregator.RunRoundAsync();
        // Initialization: statistics with count 5e8 and mean 1e6 for every feature.
        var features = await NextWorkAsync(http, route, RemoteWorkKind.SummarizeFeatures, ct);
        int width = features.Features!.Count;
        await PostAcceptedAsync(http, $"{route}/results/0", new RemoteResultDocument(RemoteWorkKind.SummarizeFeatures,
            Statistics: new RemoteFeatureStatistics(Big, Enumerable.Repeat(Big, width).ToArray(), Enumerable.Repeat(1e6, width).ToArray(), new double[width])), ct);
        // Training: an update inside the norm bound claiming 9e8 samples.
        var train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
        var lie = train.Parameters!.Select(p => p + 0.25f).ToArray();
        await PostAcceptedAsync(http, $"{route}/results/{train.RoundId}", new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(lie, Bigger, 1f, 0.01f)), ct);
        // Calibration: 5e8 windows in the top bin.
        var scores = await NextWorkAsync(http, route, RemoteWorkKind.SummarizeScores, ct);
        var counts = new long[scores.HistogramBins];
        counts[^1] = Big;
        await PostAcceptedAsync(http, $"{route}/results/{scores.RoundId}", new RemoteResultDocument(RemoteWorkKind.SummarizeScores,
            Scores: new RemoteScoreHistogram(Big, counts, 0, 0, 993_277, 999_000, 993_277f)), ct);
        // Evaluation: 4.5e8 true positives and as many true negatives.
        var evaluate = await NextWorkAsync(http, route, RemoteWorkKind.Evaluate, ct);
        await PostAcceptedAsync(http, $"{route}/results/{evaluate.RoundId}", new RemoteResultDocument(RemoteWorkKind.Evaluate,
            Evaluation: new RemoteEvaluation(Bigger, 0.0, new DetectionMetrics(Bigger / 2, 0, Bigger / 2, 0, 1, 1))), ct);
        var first = await firstRound;

        Assert.True(first.Outcome == RoundOutcome.Completed, first.FailureReason);
        Assert.Empty(first.Rejections);
        var version = (await silo.Registry.GetLatestAsync("remote-liar", ct))!;
        // Normalization: with three participants each feature's mean is the median participant's, an honest one.
        var honest = new List<NormalizationStatisticsSummary>();
        foreach (var id in silo.Data.FacilityIds)
            honest.Add(await silo.Grains.GetParticipant(id, new RemoteFacilityOptions()).SummarizeFeaturesAsync(features.Features, ct));
        for (int f = 0; f < width; f++)
        {
            if (honest.Any(h => h.Statistics.Count[f] == 0)) continue;
            double low = honest.Min(h => h.Statistics.Mean[f]), high = honest.Max(h => h.Statistics.Mean[f]);
            Assert.InRange(version.Normalization.Mean[f], low - 1e-3 * Math.Abs(low) - 1e-3, high + 1e-3 * Math.Abs(high) + 1e-3);
        }
        // Model: the liar is credited at most half of the round's samples, whatever it claimed.
        var liar = Assert.Single(first.Contributions, c => c.ParticipantId == Remote);
        Assert.Equal(Bigger, liar.ClaimedSamples);
        Assert.True(2 * liar.Samples <= first.Contributions.Sum(c => c.Samples), $"liar credited {liar.Samples} of {first.Contributions.Sum(c => c.Samples)}");
        // Threshold: between the honest facilities' own thresholds, nowhere near the top bin.
        var calibration = version.Calibration!;
        var honestThresholds = calibration.Participants.Where(p => p.ParticipantId != Remote).Select(p => p.Threshold).ToList();
        Assert.InRange(version.Threshold, honestThresholds.Min() * 0.97f, honestThresholds.Max() * 1.03f);
        Assert.True(calibration.Windows < Big, $"calibration windows {calibration.Windows}");
        // Metrics: the 9e8 fabricated windows weigh at most as much as the honest ones.
        Assert.True(first.Evaluation!.Samples < 1_000_000, $"evaluation samples {first.Evaluation.Samples}");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"liar credited {liar.Samples} of {first.Contributions.Sum(c => c.Samples)} samples (claimed {liar.ClaimedSamples}); threshold {version.Threshold:G5} (honest own {honestThresholds.Min():G5}..{honestThresholds.Max():G5}); calibration windows {calibration.Windows}; evaluation samples {first.Evaluation.Samples}, F1 {first.Evaluation.Metrics?.F1:F3}; normalization mean[0] {version.Normalization.Mean[0]:G5}"));

        // Round 2: long.MaxValue is refused with 400 naming the limit, and the round completes without it.
        var secondRound = aggregator.RunRoundAsync();
        train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
        var overflow = new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(train.Parameters!, long.MaxValue, 1f, 0.5f));
        using (var refused = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}", overflow, RemoteFacilityJson.Options, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("exceeds the limit of 1000000000", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        // The same post again is a visible duplicate with its count; an unknown kind is a 400.
        using (var duplicate = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}", overflow, RemoteFacilityJson.Options, ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            string body = await duplicate.Content.ReadAsStringAsync(ct);
            Assert.Contains("\"duplicates\":1", body, StringComparison.Ordinal);
            Assert.Contains("Duplicate", body, StringComparison.Ordinal);
        }
        using (var unknown = await http.PostAsync($"{route}/results/{train.RoundId}", Json("""{"kind":99}"""), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("unknown result kind 99", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        var second = await secondRound;
        Assert.True(second.Outcome == RoundOutcome.Completed, second.FailureReason);
        Assert.Contains(second.Rejections, r => r.ParticipantId == Remote && r.Reason == RejectionReason.CountAboveLimit);

        // Rounds 3 and 4: NaN losses and an update over the norm bound are refused with 400 at once, then counted by reason.
        foreach (var (update, reason, message) in new (Func<float[], RemoteUpdate>, RejectionReason, string)[]
        {
            (p => new RemoteUpdate(p, 500, float.NaN, 0.5f), RejectionReason.NonFiniteLoss, "must be finite"),
            (p => new RemoteUpdate(p.Select(x => x + 100f).ToArray(), 500, 1f, 0.5f), RejectionReason.NormAboveBound, "exceeds the bound"),
        })
        {
            var running = aggregator.RunRoundAsync();
            train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
            using (var refused = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}",
                new RemoteResultDocument(RemoteWorkKind.Train, update(train.Parameters!)), RemoteFacilityJson.Options, ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Contains(message, await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }
            var round = await running;
            Assert.True(round.Outcome == RoundOutcome.Completed, round.FailureReason);
            Assert.Contains(round.Rejections, r => r.ParticipantId == Remote && r.Reason == reason);
        }
    }

    private static async Task PostAcceptedAsync(HttpClient http, string uri, RemoteResultDocument result, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(uri, result, RemoteFacilityJson.Options, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    [Fact]
    public async Task Oversized_and_malformed_bodies_get_413_and_400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = silo.Http(RemoteFacilitySilo.RemoteKey);
        string route = $"federations/remote-bodies/remote/{Remote}";
        var huge = new StringBuilder("""{"kind":"Train","update":{"parameters":[""");
        while (huge.Length <= RemoteFacilitySilo.MaxBodyBytes) huge.Append("0.123456789,");
        huge.Append("0],\"sampleCount\":1}}");
        using (var tooLarge = await http.PostAsync($"{route}/results/1", Json(huge.ToString()), ct))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        // Chunked: no Content-Length, so only counting the bytes read catches it.
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"{route}/results/1") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge.ToString()))) })
        {
            request.Headers.TransferEncodingChunked = true;
            using var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        using (var malformed = await http.PostAsync($"{route}/results/1", Json("""{"kind":"Train","update":{"parameters":[1,2,"""), ct))
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using (var unexpected = await http.PostAsync($"{route}/results/1", Json("""{"kind":"Train","update":{"parameters":[1,2],"sampleCount":3,"initialLoss":1,"finalLoss":1}}"""), ct))
            Assert.Equal(HttpStatusCode.Conflict, unexpected.StatusCode);
    }

    [Fact]
    public async Task An_absent_remote_facility_is_late_and_the_round_completes_by_quorum_at_the_deadline()
    {
        var aggregator = await silo.ConfigureAsync("remote-absent", quorum: 2, deadlineSeconds: 2);
        var round = await aggregator.RunRoundAsync();
        Assert.Equal(RoundOutcome.Completed, round.Outcome);
        Assert.Equal(silo.Data.FacilityIds.Order(StringComparer.Ordinal), round.Contributions.Select(c => c.ParticipantId));
        var late = Assert.Single(round.Rejections);
        Assert.Equal((Remote, RejectionReason.Late), (late.ParticipantId, late.Reason));
        Assert.True(round.Duration >= TimeSpan.FromSeconds(1.9), $"the round waited {round.Duration} for the remote facility");
    }

    [Fact]
    public async Task A_reply_after_the_round_deadline_finds_nothing_pending_and_no_work_is_left_parked()
    {
        var ct = TestContext.Current.CancellationToken;
        var aggregator = await silo.ConfigureAsync("remote-late", quorum: 2, deadlineSeconds: 2);
        using var http = silo.Http(RemoteFacilitySilo.RemoteKey);
        string route = $"federations/remote-late/remote/{Remote}";

        var running = aggregator.RunRoundAsync();
        var train = await NextWorkAsync(http, route, RemoteWorkKind.Train, ct);
        var round = await running;

        Assert.Equal(RoundOutcome.Completed, round.Outcome);
        Assert.Contains(round.Rejections, r => r.ParticipantId == Remote && r.Reason == RejectionReason.Late);
        // The deadline cancelled the parked call: the late answer is refused (409), not accepted and then dropped.
        using (var late = await http.PostAsJsonAsync($"{route}/results/{train.RoundId}",
            new RemoteResultDocument(RemoteWorkKind.Train, new RemoteUpdate(train.Parameters!, 500, 1f, 0.5f)), RemoteFacilityJson.Options, ct))
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using (var work = await http.GetAsync($"{route}/work?waitSeconds=1", ct))
            Assert.Equal(HttpStatusCode.NoContent, work.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Polls until work of <paramref name="kind"/> is parked (earlier kinds are left unanswered).</summary>
    private static async Task<RemoteWorkDocument> NextWorkAsync(HttpClient http, string route, RemoteWorkKind kind, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"{route}/work?waitSeconds=1", ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"GET work: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<RemoteWorkDocument>(RemoteFacilityJson.Options, ct) is { } work && work.Kind == kind)
                return work;
        }
        Assert.Fail($"no {kind} work parked within 30 s");
        return null!;
    }
}
