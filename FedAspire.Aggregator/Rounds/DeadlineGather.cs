using System.Diagnostics;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// Calls every participant concurrently and collects answers until all have answered or the deadline passes (Task.WhenAny loop).
/// A participant that throws is a failure; one still running at the deadline is late and its eventual answer is ignored.
/// </summary>
public static class DeadlineGather
{
    /// <summary>Runs <paramref name="call"/> for each id and gathers the outcome.</summary>
    public static async Task<GatherResult<T>> RunAsync<T>(IReadOnlyList<string> participants, Func<string, Task<T>> call, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(call);
        long start = Stopwatch.GetTimestamp();
        var responses = new List<(string, T, TimeSpan)>(participants.Count);
        var failures = new List<(string, string)>();
        var pending = new Dictionary<Task<T>, string>(participants.Count);
        foreach (var id in participants)
        {
            try
            {
                pending.Add(call(id), id);
            }
            catch (Exception e)
            {
                failures.Add((id, Describe(e)));
            }
        }

        using var deadlineCancel = new CancellationTokenSource();
        var timeout = Task.Delay(deadline, deadlineCancel.Token);
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending.Keys.Cast<Task>().Append(timeout));
            if (finished == timeout) break;
            var task = (Task<T>)finished;
            var id = pending[task];
            pending.Remove(task);
            if (task.IsCompletedSuccessfully) responses.Add((id, task.Result, Stopwatch.GetElapsedTime(start)));
            else failures.Add((id, Describe(task.Exception?.InnerException ?? new TaskCanceledException())));
        }
        await deadlineCancel.CancelAsync();

        // Late calls still complete some time; observe their faults so they never surface as unobserved exceptions.
        foreach (var task in pending.Keys)
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new GatherResult<T>(responses, failures, pending.Values.ToArray());
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
