using System.Diagnostics;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace FedAspire.Tests.Backends;

/// <summary>
/// A MongoDB-wire server for one test: each real server named by an environment variable (started by
/// <c>../shared/servers/start.sh</c>), else a Testcontainers MongoDB where Docker exists, else a skip with the reason. Each test
/// gets a database of its own, dropped at the end.
/// </summary>
internal sealed class TestMongo : IAsyncDisposable
{
    /// <summary>Connection string of the default real server (FerretDB on PostgreSQL, or mongo-java-server).</summary>
    public const string ServerVariable = "FEDASPIRE_TEST_MONGODB";

    /// <summary>Connection string of a second real server, mongo-java-server in memory (it has TTL indexes, which FerretDB refuses).</summary>
    public const string MemoryServerVariable = "FEDASPIRE_TEST_MONGODB_MEMORY";

    /// <summary>The server kind of a container (<see cref="Kinds"/>).</summary>
    public const string ContainerKind = "container";

    private const string NoneKind = "none";
    private readonly MongoDbContainer? _container;

    private TestMongo(string kind, string connectionString, MongoDbContainer? container)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _container = container;
        Client = new MongoClient(connectionString);
        DatabaseName = $"t{Guid.NewGuid():N}"[..20];
        Database = Client.GetDatabase(DatabaseName);
    }

    /// <summary>Which server: an environment variable's name, or <see cref="ContainerKind"/>.</summary>
    public string Kind { get; }

    /// <summary>The server's connection string (no database).</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string with this test's database, as <c>ConnectionStrings:fedaspire</c> takes it.</summary>
    public string DatabaseConnectionString => new MongoUrlBuilder(ConnectionString) { DatabaseName = DatabaseName }.ToString();

    /// <summary>A client of the server.</summary>
    public MongoClient Client { get; }

    /// <summary>This test's database name.</summary>
    public string DatabaseName { get; }

    /// <summary>This test's database.</summary>
    public IMongoDatabase Database { get; }

    /// <summary>The servers a theory runs against: every configured real server, else the container, else one row that skips.</summary>
    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string>();
            foreach (var variable in new[] { ServerVariable, MemoryServerVariable })
                if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 }) kinds.Add(variable);
            if (kinds.Count == 0) kinds.Add(DockerEngine.IsAvailable ? ContainerKind : NoneKind);
            return kinds;
        }
    }

    /// <summary>The first available server (real before container), or a skip with the reason.</summary>
    public static Task<TestMongo> AcquireAsync(CancellationToken cancellationToken) => AcquireAsync(Kinds.First().Data, cancellationToken);

    /// <summary>The server of <paramref name="kind"/> (one of <see cref="Kinds"/>), or a skip with the reason.</summary>
    public static async Task<TestMongo> AcquireAsync(string kind, CancellationToken cancellationToken)
    {
        if (kind == ContainerKind)
        {
            var container = new MongoDbBuilder("mongo:7.0").Build();
            await container.StartAsync(cancellationToken);
            return new TestMongo(kind, container.GetConnectionString(), container);
        }
        if (kind == NoneKind || Environment.GetEnvironmentVariable(kind) is not { Length: > 0 } connectionString)
        {
            Assert.Skip(DockerEngine.NoServerReason(ServerVariable));
            throw new UnreachableException();
        }
        return new TestMongo(kind, connectionString, null);
    }

    /// <summary>True when the server creates TTL indexes (MongoDB, mongo-java-server; FerretDB 1.x refuses them).</summary>
    public async Task<bool> SupportsTtlIndexesAsync(CancellationToken cancellationToken)
    {
        var probe = Database.GetCollection<MongoDB.Bson.BsonDocument>("ttl_probe");
        try
        {
            await probe.Indexes.CreateOneAsync(new CreateIndexModel<MongoDB.Bson.BsonDocument>(
                Builders<MongoDB.Bson.BsonDocument>.IndexKeys.Ascending("at"), new CreateIndexOptions { ExpireAfter = TimeSpan.FromHours(1) }),
                cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoCommandException)
        {
            return false;
        }
        finally
        {
            await Database.DropCollectionAsync("ttl_probe", cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DropDatabaseAsync(DatabaseName);
        }
        catch (MongoException)
        {
            // Best effort: a test that broke the connection leaves an uniquely named database behind.
        }
        Client.Dispose();
        if (_container is not null) await _container.DisposeAsync();
    }
}
