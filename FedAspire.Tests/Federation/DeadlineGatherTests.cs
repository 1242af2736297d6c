using FedAspire.Aggregator.Rounds;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class DeadlineGatherTests
{
    [Fact]
    public async Task Answers_failures_and_late_participants_are_told_apart()
    {
        var never = new TaskCompletionSource<int>();
        var result = await DeadlineGather.RunAsync(["ok", "throws", "hangs", "throws-sync"], (id, _) => id switch
        {
            "ok" => Task.FromResult(1),
            "throws" => Task.FromException<int>(new InvalidOperationException("boom")),
            "hangs" => never.Task,
            _ => throw new ArgumentException("before any await"),
        }, TimeSpan.FromMilliseconds(200));

        Assert.Equal("ok", Assert.Single(result.Responses).Participant);
        Assert.Equal(["throws", "throws-sync"], result.Failures.Select(f => f.Participant).Order());
        Assert.Contains(result.Failures, f => f.Error.Contains("boom"));
        Assert.Equal(["hangs"], result.Late);
        never.SetException(new TimeoutException("late fault must stay observed"));
    }

    [Fact]
    public async Task A_late_participant_is_cancelled_at_the_deadline_and_still_counts_as_late()
    {
        var tokens = new Dictionary<string, CancellationToken>();
        var result = await DeadlineGather.RunAsync(["quick", "slow"], async (id, ct) =>
        {
            tokens[id] = ct;
            if (id == "slow") await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }, TimeSpan.FromMilliseconds(200));

        Assert.Equal(["slow"], result.Late);
        Assert.Empty(result.Failures);
        Assert.True(tokens["slow"].IsCancellationRequested);
    }

    [Fact]
    public async Task Nobody_is_cancelled_when_everyone_answers_in_time()
    {
        CancellationToken seen = default;
        await DeadlineGather.RunAsync(["a"], (_, ct) => { seen = ct; return Task.FromResult(1); }, TimeSpan.FromSeconds(30));

        Assert.False(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task Without_stragglers_it_returns_as_soon_as_everyone_answered()
    {
        var result = await DeadlineGather.RunAsync(["a", "b", "c"], async (id, _) => { await Task.Yield(); return id.Length; }, TimeSpan.FromHours(1));

        Assert.Equal(3, result.Responses.Count);
        Assert.Empty(result.Late);
        Assert.Empty(result.Failures);
    }
}
