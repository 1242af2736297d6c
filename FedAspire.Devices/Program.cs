using FedAspire.Devices.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
if (await CliCommands.TryRunAsync(args, cancel.Token) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync(cancel.Token);
return 0;
