using System.Diagnostics;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// Calls every participant concurrently and collects answers until all have answered or the deadline passes.
/// A participant that throws is a failure; one still running at the deadline is late: its token is cancelled then, and whatever
/// it answers afterwards is ignored.
/// </summary>
public static class DeadlineGather
{
    /// <summary>Runs <paramref name="call"/> for each id and gathers the outcome.</summary>
    public static async Task<GatherResult<T>> RunAsync<T>(IReadOnlyList<string> participants, Func<string, CancellationToken, Task<T>> call, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(call);
        long start = Stopwatch.GetTimestamp();
        var failures = new List<(string, string)>();
        var ids = new List<string>(participants.Count);
        var calls = new List<Task<(T Value, TimeSpan ResponseTime)>>(participants.Count);
        using var expired = new CancellationTokenSource();
        foreach (var id in participants)
        {
            try
            {
                calls.Add(Timed(call(id, expired.Token), start));
                ids.Add(id);
            }
            catch (Exception e)
            {
                failures.Add((id, Describe(e)));
            }
        }

        // One wait for all calls (a Task.WhenAny loop re-registers on every pending call per answer: quadratic in participants).
        using var deadlineCancel = new CancellationTokenSource();
        var all = Task.WhenAll(calls);
        await Task.WhenAny(all, Task.Delay(deadline, deadlineCancel.Token));
        await deadlineCancel.CancelAsync();

        var responses = new List<(string, T, TimeSpan)>(calls.Count);
        var late = new List<string>();
        for (int i = 0; i < calls.Count; i++)
        {
            var task = calls[i];
            if (task.IsCompletedSuccessfully) responses.Add((ids[i], task.Result.Value, task.Result.ResponseTime));
            else if (task.IsCompleted) failures.Add((ids[i], Describe(task.Exception?.InnerException ?? new TaskCanceledException())));
            else late.Add(ids[i]);
        }
        // Only now, so a call cancelled by the deadline counts as late, not failed.
        if (late.Count > 0) await expired.CancelAsync();
        // Late calls still complete some time; observe their faults so they never surface as unobserved exceptions.
        _ = all.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        // Arrival order, as callers and reports expect it.
        responses.Sort((a, b) => a.Item3.CompareTo(b.Item3));
        return new GatherResult<T>(responses, failures, late);
    }

    private static async Task<(T, TimeSpan)> Timed<T>(Task<T> call, long start)
    {
        // Nothing here touches grain state, so the continuation need not queue on the calling grain's scheduler.
        var value = await call.ConfigureAwait(false);
        return (value, Stopwatch.GetElapsedTime(start));
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
