namespace FedAspire.Lab.Commands;

/// <summary>Progress that prints each message (or each 10% step of a fraction) immediately on the console.</summary>
internal sealed class ConsoleProgress(string prefix) : IProgress<string>, IProgress<double>
{
    private int _lastTenth = -1;

    public void Report(string value) => Console.WriteLine($"  {prefix}: {value}");

    public void Report(double value)
    {
        int tenth = (int)(value * 10);
        if (tenth == _lastTenth) return;
        _lastTenth = tenth;
        Console.WriteLine($"  {prefix}: {tenth * 10}%");
    }
}
