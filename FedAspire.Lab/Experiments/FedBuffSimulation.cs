using System.Runtime.CompilerServices;
using FedAspire.Core.Federation;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// A FedBuff arm on a simulated clock: every participant checks out the aggregator's current version, its facility grain trains
/// on it (the same training as a synchronous round), and the update reaches the aggregator when the participant's seeded job
/// duration has passed; the participant then checks out again. Arrivals are reported in time order (ties by participant order),
/// so fast facilities report more often and from fresher versions, and a run is deterministic by seed.
/// </summary>
/// <remarks>
/// Training runs when the job starts, so the update depends only on the version checked out; the clock decides only when it is
/// reported. The run stops when <c>budget</c> updates were reported (a synchronous arm's rounds x participants).
/// </remarks>
public sealed class FedBuffSimulation
{
    private readonly IGrainFactory _grains;
    private readonly IAggregatorGrain _aggregator;
    private readonly IReadOnlyList<string> _participants;
    private readonly ScenarioFedBuff _settings;
    private readonly int _seed;
    private readonly Random[] _clocks;
    private readonly Dictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly List<FedBuffStepRow> _steps = [];
    private int _reported;
    private int _rejected;
    private double _now;

    /// <summary>Draws every participant's mean job duration from its own stream seeded by (<paramref name="seed"/>, id).</summary>
    public FedBuffSimulation(IGrainFactory grains, IAggregatorGrain aggregator, IReadOnlyList<string> participants, ScenarioFedBuff settings, int seed)
    {
        _grains = grains;
        _aggregator = aggregator;
        _participants = participants;
        _settings = settings;
        _seed = seed;
        _clocks = [.. participants.Select(p => Clock(seed, p))];
        MeanDurations = [.. _clocks.Select(c => Math.Exp(settings.SpeedSpread * Normal(c)))];
    }

    /// <summary>m_p: each participant's mean job duration in simulated time units, in participant order.</summary>
    public double[] MeanDurations { get; }

    /// <summary>
    /// Reports every arrival in time order until <paramref name="budget"/> updates were reported, or, when <paramref name="timeLimit"/>
    /// is finite, every job that arrives by then (no job starts that would arrive later); yields each step's record.
    /// </summary>
    public async IAsyncEnumerable<RoundRecord> RunAsync(int budget, double timeLimit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = new PriorityQueue<(int Participant, ParticipantUpdate Update), (double Time, int Participant)>();
        int started = 0;
        bool timed = double.IsFinite(timeLimit);
        async Task StartAsync(int p, double now)
        {
            double arrival = now + Duration(p);
            if (timed ? arrival > timeLimit : started >= budget) return;
            var instruction = await _aggregator.CheckOutAsync(_participants[p]);
            var update = await _grains.GetGrain<IFacilityGrain>(_participants[p]).TrainAsync(instruction, cancellationToken);
            queue.Enqueue((p, update with { ParticipantId = _participants[p] }), (arrival, p));
            started++;
        }
        for (int p = 0; p < _participants.Count; p++) await StartAsync(p, 0);
        while (queue.TryDequeue(out var job, out var at))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _now = at.Time;
            var report = await _aggregator.ReportAsync(job.Update);
            _reported++;
            if (report.Accepted) _accepted[_participants[job.Participant]] = _accepted.GetValueOrDefault(_participants[job.Participant]) + 1;
            else _rejected++;
            await StartAsync(job.Participant, at.Time);
            if (report.Step is { } step)
            {
                _steps.Add(new FedBuffStepRow(_steps.Count + 1, _now, _reported, step.Buffered?.MeanStaleness ?? double.NaN, step.Buffered?.MaxStaleness ?? 0));
                yield return step;
            }
        }
    }

    /// <summary>
    /// What the run did: steps with their simulated times and staleness, accepted updates per participant, and the time synchronous
    /// rounds would have taken with the same speeds (each round waits for its slowest participant).
    /// </summary>
    public FedBuffSummary Summary(int rounds) => new(
        _steps,
        _participants.Select((p, i) => new FedBuffParticipant(p, MeanDurations[i], _accepted.GetValueOrDefault(p))).ToList(),
        _reported, _rejected, _now, SynchronousTime(rounds));

    /// <summary>The simulated time <paramref name="rounds"/> synchronous rounds take at the same speeds: the same streams, fresh, round r taking max_p d_p,r.</summary>
    public double SynchronousTime(int rounds)
    {
        var clocks = _participants.Select(p => Clock(_seed, p)).ToArray();
        var means = clocks.Select(c => Math.Exp(_settings.SpeedSpread * Normal(c))).ToArray();
        double total = 0;
        for (int r = 0; r < rounds; r++)
            total += clocks.Select((c, i) => means[i] * Math.Exp(_settings.Jitter * Normal(c))).Max();
        return total;
    }

    private double Duration(int p) => MeanDurations[p] * Math.Exp(_settings.Jitter * Normal(_clocks[p]));

    private static Random Clock(int seed, string participant) => new(StableSeed.Derive(seed, -1, "fedbuff-speed/" + participant));

    // Box-Muller: one standard normal draw.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
