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
