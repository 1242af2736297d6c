using FedAspire.Lab.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await CliCommands.RunAsync(args, cancel.Token);
