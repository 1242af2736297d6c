using Spectre.Console;

namespace FedAspire.Lab.Commands;

/// <summary>
/// Progress of a long step of a verb: a live Spectre.Console bar (fraction, latest message, elapsed time) on a terminal, and
/// <see cref="ConsoleProgress"/>'s plain lines when the output is redirected (logs, CI, tests), where a redrawn bar would be noise.
/// </summary>
internal static class CliProgress
{
    /// <summary>Runs <paramref name="work"/>, showing what it reports as fractions (<c>IProgress&lt;double&gt;</c>) or messages (<c>IProgress&lt;string&gt;</c>).</summary>
    public static T Run<T>(string label, Func<ConsoleProgressSink, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Console.IsOutputRedirected) return work(new ConsoleProgressSink(new ConsoleProgress(label), null));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        T result = default!;
        console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1.0);
                result = work(new ConsoleProgressSink(null, (label, task)));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Runs <paramref name="work"/> with progress (see <see cref="Run{T}"/>).</summary>
    public static void Run(string label, Action<ConsoleProgressSink> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(label, sink => { work(sink); return 0; });
    }
}

/// <summary>Where a step's progress goes: plain lines, or a Spectre.Console task (fraction as its value, the latest message in its description).</summary>
internal sealed class ConsoleProgressSink(ConsoleProgress? lines, (string Label, ProgressTask Task)? bar) : IProgress<double>, IProgress<string>
{
    /// <inheritdoc />
    public void Report(double value)
    {
        if (bar is { } b) b.Task.Value = Math.Clamp(value, 0, 1);
        else lines!.Report(value);
    }

    /// <inheritdoc />
    public void Report(string value)
    {
        if (bar is { } b) b.Task.Description = Markup.Escape($"{b.Label}: {value}");
        else lines!.Report(value);
    }
}
