using System.Globalization;
using FedAspire.Aggregator.Telemetry;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// The training phase of a secure round: one <see cref="SecureAggregationServer"/>, the four protocol steps as grain calls to the
/// sampled participants, each with the round's deadline (a participant missing a step has dropped). The aggregator holds only
/// public keys, ciphertexts it forwards, the running sum of masked inputs and revealed shares; what it learns is the weighted mean
/// of the contributors, their declared counts and losses.
/// </summary>
/// <remarks>
/// Claim caps apply to the counts participants declare in the clear beside their keys; each is told its credit (at most
/// MaxWeight) as the weight to mask with. The unmasked total weight must equal the credits of the contributors, so a wrong weight
/// coordinate fails the round; nothing proves the masked parameters were scaled by that weight.
/// </remarks>
public sealed class SecureAggregationExchange(string federation, long roundId, FederationDefinition definition,
    Func<string, ISecureAggregationParticipant> participant, ClaimScreen claims, List<UpdateRejection> rejections)
{
    private readonly List<ParticipantFailure> _failures = [];

    /// <summary>Trains <paramref name="sampled"/> with <paramref name="instruction"/> and aggregates their updates securely.</summary>
    public async Task<TrainingOutcome> RunAsync(IReadOnlyList<string> sampled, RoundInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(sampled);
        ArgumentNullException.ThrowIfNull(instruction);
        var settings = definition.SecureAggregation ?? throw new InvalidOperationException($"Federation '{federation}' is not secure.");
        var options = settings.Options(sampled.Count);
        var setup = new SecureRoundSetup($"{federation}/{roundId.ToString(CultureInfo.InvariantCulture)}", options);

        // Step 1: train and advertise keys. Declared counts and losses are screened as a plain update's would be.
        var trained = await GatherAsync("train", sampled, (id, ct) => participant(id).TrainSecurelyAsync(instruction, setup, ct), lateIsRejection: true);
        var declared = new SortedDictionary<string, (SecureTrainingReply Reply, TimeSpan ResponseTime)>(StringComparer.Ordinal);
        foreach (var (id, reply, responseTime) in trained)
        {
            if (UpdateScreening.Screen(reply, id, roundId, definition.ClaimsOrDefault) is { } rejection) rejections.Add(rejection);
            else if (Misnamed(id, reply.Keys?.ParticipantId)) continue;
            else declared[id] = (reply, responseTime);
        }
        bool anyResponse = trained.Count > 0;
        if (declared.Count < definition.Schedule.Quorum)
        {
            // Not enough to aggregate: the caller fails the round on its quorum, naming how many were accepted.
            var few = claims.CreditTraining([.. declared.Select(d => (d.Key, d.Value.Reply.SampleCount))]);
            return new TrainingOutcome([], few, [.. declared.Select((d, i) => new ParticipantContribution(d.Key, few[i], d.Value.Reply.InitialLoss,
                d.Value.Reply.FinalLoss, d.Value.ResponseTime, d.Value.Reply.SampleCount))], _failures, anyResponse);
        }

        using var server = new SecureAggregationServer(options, setup.ProtocolRoundId, instruction.GlobalParameters.Length);
        try
        {
            foreach (var (id, (reply, _)) in declared) Receive(id, () => server.Receive(reply.Keys));
            var roster = server.CloseAdvertising();

            // Step 2: share keys.
            foreach (var (id, message, _) in await GatherAsync("share-keys", [.. roster.Roster.Select(k => k.ParticipantId)], (p, ct) => participant(p).ShareKeysAsync(roster, ct)))
                if (!Misnamed(id, message.ParticipantId)) Receive(id, () => server.Receive(message));
            var maskRequests = server.CloseSharing();

            // Step 3: each sharer masks its update with the weight credited to its declared count (claim caps, at most MaxWeight).
            string[] sharers = [.. maskRequests.Keys.Order(StringComparer.Ordinal)];
            var credited = claims.CreditTraining([.. sharers.Select(id => (id, declared[id].Reply.SampleCount))]);
            var weights = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < sharers.Length; i++) if (credited[i] > 0) weights[sharers[i]] = Math.Min(credited[i], options.MaxWeight);
            foreach (var (id, message, _) in await GatherAsync("masked-input", [.. weights.Keys.Order(StringComparer.Ordinal)],
                (p, ct) => participant(p).MaskInputAsync(new SecureInputRequest(maskRequests[p], weights[p]), ct)))
                if (!Misnamed(id, message.ParticipantId)) Receive(id, () => server.Receive(message));
            var unmasking = server.CloseMaskedInput();

            // Step 4: the contributors reveal the shares that remove the masks.
            foreach (var (id, message, _) in await GatherAsync("unmask", unmasking.Contributors, (p, ct) => participant(p).UnmaskAsync(unmasking, ct)))
                if (!Misnamed(id, message.ParticipantId)) Receive(id, () => server.Receive(message));
            var result = server.Finish();

            long expected = 0;
            foreach (var id in result.Contributors) expected = checked(expected + weights[id]);
            if (result.TotalWeight != expected)
                throw new SecureAggregationException($"The unmasked total weight {result.TotalWeight} differs from the {expected} credited to the contributors: a participant masked another weight than its credit.");
            var contributions = result.Contributors.Select(id => new ParticipantContribution(id, weights[id], declared[id].Reply.InitialLoss,
                declared[id].Reply.FinalLoss, declared[id].ResponseTime, declared[id].Reply.SampleCount)).ToList();
            return new TrainingOutcome([], [.. result.Contributors.Select(id => weights[id])], contributions, _failures, anyResponse, result.Mean,
                new SecureAggregationReport(result.Contributors, result.Dropped, result.TotalWeight, result.ErrorBound, options.Threshold));
        }
        catch (SecureAggregationException e)
        {
            return new TrainingOutcome([], [], [], _failures, anyResponse, FailureReason: $"secure aggregation failed: {e.Message}");
        }
    }

    // Each step: every participant asked concurrently until all answered or the deadline; answers in id order.
    private async Task<List<(string Participant, T Value, TimeSpan ResponseTime)>> GatherAsync<T>(string step, IReadOnlyList<string> participants,
        Func<string, CancellationToken, Task<T>> call, bool lateIsRejection = false)
    {
        using var activity = FederationTelemetry.Source.StartActivity($"federation.secure.{step}");
        var deadline = definition.Schedule.Deadline;
        var gathered = await DeadlineGather.RunAsync(participants, call, deadline);
        activity?.SetTag("fedaspire.asked", participants.Count);
        activity?.SetTag("fedaspire.answered", gathered.Responses.Count);
        foreach (var (id, error) in gathered.Failures) _failures.Add(new ParticipantFailure(id, $"secure {step}: {error}"));
        string lateness = $"no answer within the {deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s deadline";
        foreach (var late in gathered.Late)
        {
            if (lateIsRejection) rejections.Add(new UpdateRejection(late, RejectionReason.Late, lateness));
            else _failures.Add(new ParticipantFailure(late, $"secure {step}: {lateness}"));
        }
        return [.. gathered.Responses.OrderBy(r => r.Participant, StringComparer.Ordinal)];
    }

    // A message is the asked participant's or nothing: the server attributes it by the id it carries.
    private bool Misnamed(string asked, string? named)
    {
        if (named == asked) return false;
        rejections.Add(new UpdateRejection(asked, RejectionReason.SecureProtocol, $"its secure-aggregation message names '{named}'"));
        return true;
    }

    // A message the server refuses leaves its sender out of the step, as if it had not answered; the round goes on without it.
    private void Receive(string participantId, Action receive)
    {
        try
        {
            receive();
        }
        catch (SecureAggregationException e)
        {
            rejections.Add(new UpdateRejection(participantId, RejectionReason.SecureProtocol, e.Message));
        }
    }
}
