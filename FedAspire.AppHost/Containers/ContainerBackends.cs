namespace FedAspire.AppHost.Backends;

/// <summary>The container flavour's only code: Kafka (+ Kafka UI) and MongoDB (+ Mongo Express) containers wired into both services.</summary>
public static partial class TopologyFlavour
{
    static partial void AddContainers(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> devices, IResourceBuilder<ProjectResource> analytics)
    {
        var kafka = builder.AddKafka("kafka").WithKafkaUI().WithDataVolume();
        // The database resource's name is the connection string name the services read: ConnectionStrings:fedaspire.
        var fedaspire = builder.AddMongoDB("mongo").WithMongoExpress().WithDataVolume().AddDatabase("fedaspire");
        foreach (var service in new[] { devices, analytics })
            service.WithReference(kafka).WithReference(fedaspire).WaitFor(kafka).WaitFor(fedaspire);
    }
}
