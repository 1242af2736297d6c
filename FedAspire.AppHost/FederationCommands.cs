namespace FedAspire.AppHost;

/// <summary>
/// The federation dashboard's operator actions as Aspire dashboard resource commands on the <c>devices</c> resource: each sends the
/// same HTTP request as the page's button to the silo's federation API (<c>docs/dashboard.md</c>), after the same confirmation.
/// Any replica will do: the aggregator grain answers through whichever silo receives the call.
/// </summary>
internal static class FederationCommands
{
    /// <summary>Command names, as the Aspire dashboard, CLI and tests know them.</summary>
    public const string RunRound = "run-round", Start = "start-federation", Stop = "stop-federation", Pause = "pause-facility", Resume = "resume-facility";

    /// <summary>The name of the facility argument of <see cref="Pause"/> and <see cref="Resume"/>.</summary>
    public const string FacilityArgument = "facility";

    /// <summary>Adds run round now, start and stop timed rounds, and pause and resume a facility for <paramref name="federation"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithFederationCommands(this IResourceBuilder<ProjectResource> devices, string federation)
    {
        var api = $"/federations/{Uri.EscapeDataString(federation)}";
        devices.WithHttpCommand($"{api}/rounds/run", "Run round now", endpointName: "http", commandName: RunRound, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            ConfirmationMessage = $"Run a round of federation '{federation}' now?",
            Description = "Runs one round of the federation now and answers with its record (POST /federations/{name}/rounds/run).",
            IconName = "Play",
            IsHighlighted = true,
            // The round record tells whether it completed and which version it made.
            ResultMode = HttpCommandResultMode.Json,
        });
        devices.WithHttpCommand($"{api}/start", "Start timed rounds", endpointName: "http", commandName: Start, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            ConfirmationMessage = $"Start timed rounds of federation '{federation}'?",
            IconName = "ArrowRepeatAll",
        });
        devices.WithHttpCommand($"{api}/stop", "Stop timed rounds", endpointName: "http", commandName: Stop, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            ConfirmationMessage = $"Stop timed rounds of federation '{federation}'? The model and history stay.",
            IconName = "Stop",
        });
        AddFacilityCommand(devices, api, federation, pause: true);
        AddFacilityCommand(devices, api, federation, pause: false);
        return devices;
    }

    // The facility id is asked for when the command runs; the request path is completed from it before it is sent.
    private static void AddFacilityCommand(IResourceBuilder<ProjectResource> devices, string api, string federation, bool pause)
    {
        string action = pause ? "pause" : "resume";
        devices.WithHttpCommand($"{api}/facilities", pause ? "Pause facility" : "Resume facility", endpointName: "http", commandName: pause ? Pause : Resume,
            commandOptions: new HttpCommandOptions
            {
                Method = HttpMethod.Post,
                ConfirmationMessage = pause
                    ? $"Pause the facility? It is not sampled in rounds of '{federation}' until resumed."
                    : $"Resume the facility in rounds of '{federation}'?",
                IconName = pause ? "Pause" : "PlayCircle",
                Arguments = [new InteractionInput { Name = FacilityArgument, Label = "Facility id", InputType = InputType.Text, Required = true }],
                PrepareRequest = context =>
                {
                    var facility = context.Arguments?[FacilityArgument].Value ?? "";
                    context.Request.RequestUri = new Uri(context.Request.RequestUri!, $"{api}/facilities/{Uri.EscapeDataString(facility)}/{action}");
                    return Task.CompletedTask;
                },
            });
    }
}
